using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Matching.Elasticsearch;

namespace FiveSocieties.Web.Features.MatchingIndex;

/// <c>dotnet FiveSocieties.Web.dll rebuild-index [settings…]</c>: rebuilds the shared
/// (Elasticsearch) candidate index from the database, printing its progress. The web nodes keep
/// matching meanwhile; the new index replaces the old one in one atomic step at the end.
/// Other arguments are settings, as for the site (e.g. --Matching:Index Elasticsearch).
public static class RebuildIndexCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddInfrastructure();
        builder.AddWeb();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        var host = app.Services.GetRequiredService<CandidateIndexHost>();
        if (!host.IsShared)
        {
            Console.Error.WriteLine("当前使用内置索引（Matching:Index = Embedded）：它保存在每个网站进程的内存中，启动时自动生成，也可在“匹配索引”管理页重建。此命令用于 Elasticsearch 索引。");
            return 64;
        }
        await app.Services.PrepareDatabaseAsync();
        var last = -1;
        var progress = new Printed(p =>
        {
            var percent = p.Total == 0 ? 100 : p.Written * 100 / p.Total;
            if (percent == last) return;
            last = percent;
            Console.WriteLine($"已写入 {p.Written} / {p.Total}（{percent}%）");
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await host.RebuildAsync(progress, CancellationToken.None);
        }
        catch (ElasticsearchException e)
        {
            Console.Error.WriteLine($"重建失败，旧索引保持不变：{e.Message}");
            return 69;
        }
        var counts = await host.Index.CountAsync();
        Console.WriteLine($"重建完成，用时 {watch.Elapsed.TotalSeconds:0.#} 秒：服务方 {counts.Providers} 个，待匹配需求 {counts.OpenNeeds} 条。");
        return 0;
    }

    /// Reports on the writer's thread, in order (Progress<T> would post them to the thread pool).
    private sealed class Printed(Action<RebuildProgress> print) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => print(value);
    }
}
