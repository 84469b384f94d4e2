using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Imports;

/// <c>dotnet FiveSocieties.Web.dll import --kind volunteers --file 名册.xlsx [--valid-rows-only] [--as worker1]</c>
/// The same checks and writes as an upload, run in the terminal with its progress printed. Other
/// arguments are settings, as for the site (e.g. --Database:Provider PostgreSQL).
public static class ImportCommand
{
    public const string Usage =
        "用法：dotnet FiveSocieties.Web.dll import --kind volunteers|organisations|funds|microgrants|needs --file 文件.xlsx [--valid-rows-only] [--as 用户名]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? kindText = null, file = null, userName = null;
        var validRowsOnly = false;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kind" when i + 1 < args.Length: kindText = args[++i]; break;
                case "--file" when i + 1 < args.Length: file = args[++i]; break;
                case "--as" when i + 1 < args.Length: userName = args[++i]; break;
                case "--valid-rows-only": validRowsOnly = true; break;
                default: settings.Add(args[i]); break;
            }
        }
        if (!Enum.TryParse<ImportKind>(kindText, ignoreCase: true, out var kind) || file is null)
        {
            Console.Error.WriteLine(Usage);
            return 64;
        }
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"找不到文件：{file}");
            return 66;
        }

        var builder = WebApplication.CreateBuilder(settings.ToArray());
        builder.AddInfrastructure();
        builder.AddWeb();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        await app.Services.PrepareDatabaseAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var user = await UserAsync(scope.ServiceProvider, userName);
        if (user is null)
        {
            Console.Error.WriteLine($"没有用户“{userName}”。");
            return 67;
        }
        var started = await scope.ServiceProvider.GetRequiredService<ImportJobs>()
            .StartAsync(user, kind, Path.GetFileName(file), await File.ReadAllBytesAsync(file), validRowsOnly, CancellationToken.None);
        if (!started.Succeeded)
        {
            foreach (var message in started.Errors.ByField(VerbatimText.Instance).SelectMany(e => e.Value)) Console.Error.WriteLine(message);
            return 65;
        }
        var id = started.Value!.Id;
        using var stop = new CancellationTokenSource();
        var watching = WatchAsync(app.Services, id, stop.Token);
        var since = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var written = await app.Services.GetRequiredService<ImportProcessor>().RunAsync(id, CancellationToken.None);
        await stop.CancelAsync();
        await watching;
        if (written == ImportKind.Needs)
        {
            // Imported needs get their proposals as posted ones do (the web nodes' indexes catch up at their next refresh).
            await using var matching = app.Services.CreateAsyncScope();
            var matched = await matching.ServiceProvider.GetRequiredService<FiveSocieties.Infrastructure.Matching.MatchingService>()
                .ProposeForUnmatchedAsync(since, CancellationToken.None);
            Console.WriteLine($"已为 {matched} 条新需求生成匹配推荐。");
        }
        return await ReportAsync(app.Services, id);
    }

    /// A named account (its role and scope apply), or the system administrator's scope.
    private static async Task<UserContext?> UserAsync(IServiceProvider services, string? userName)
    {
        if (userName is null) return new UserContext("cli", "命令行导入", AppRoles.SystemAdmin, null, null, null, null);
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null) return null;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        return new UserContext(user.Id, user.DisplayName, role,
            DivisionCode.TryParse(user.RegionCode, out var region, out _) ? region : null, user.StationId, user.OrganisationId, user.VolunteerId);
    }

    private static async Task WatchAsync(IServiceProvider services, Guid id, CancellationToken ct)
    {
        var last = "";
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(1000, ct);
                await using var scope = services.CreateAsyncScope();
                var job = await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().ImportJobs
                    .Where(j => j.Id == id).Select(ImportJob.Summary).SingleAsync(ct);
                var line = $"{ImportView.StatusName(job.Status)} {job.Percent}%  {job.ProcessedRows}/{(job.Status == ImportStatus.Importing ? job.ValidRows : job.TotalRows)}";
                if (line != last) Console.WriteLine(last = line);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<int> ReportAsync(IServiceProvider services, Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        var job = await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id);
        Console.WriteLine($"{ImportView.StatusName(job.Status)}：共 {job.TotalRows} 行，有效 {job.ValidRows} 行；新增 {job.Created}，更新 {job.Updated}，无变化 {job.Unchanged}，错误 {job.ErrorCount}。");
        if (job.Message is not null) Console.WriteLine(job.Message);
        foreach (var error in job.Errors.Take(50)) Console.WriteLine($"  第 {error.Row} 行「{error.Column}」：{error.Message}");
        if (job.ErrorCount > 50) Console.WriteLine($"  …… 另有 {job.ErrorCount - 50} 处错误。");
        return job.Status switch
        {
            ImportStatus.Completed => 0,
            ImportStatus.Invalid => 2,
            _ => 1,
        };
    }
}
