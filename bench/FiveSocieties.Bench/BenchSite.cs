using System.Diagnostics;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web;
using FiveSocieties.Web.Features.Brokering;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Bench;

/// The site as src/Web/Program.cs builds it (AddInfrastructure, AddWeb, UseWeb), over a database in a
/// temporary directory (SQLite by default; --provider PostgreSQL --connection "…" for PostgreSQL).
/// Disposing it stops the site and deletes the directory, whether the benchmark finished, returned
/// early or threw.
internal sealed class BenchSite : IAsyncDisposable
{
    private bool _started;

    private BenchSite(WebApplication app, string directory, string provider, string[] databaseSettings)
    {
        App = app;
        Directory = directory;
        Provider = provider;
        DatabaseSettings = databaseSettings;
    }

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;

    /// The temporary directory: the SQLite file, and whatever else the benchmark writes.
    public string Directory { get; }

    public string Provider { get; }

    /// --Database:Provider … --Database:DataDirectory … [--ConnectionStrings:FiveSocieties …], for a
    /// command that builds its own host over the same database (the import).
    public string[] DatabaseSettings { get; }

    /// The site's address when started with <paramref name="kestrel"/>.
    public Uri Address => new(App.Urls.First());

    /// Builds the site; with <paramref name="kestrel"/> starts it on a free port of 127.0.0.1
    /// (start-up prepares the database), otherwise only prepares the database (migrations,
    /// reference data and, with <paramref name="demo"/>, the demo county) as a command would.
    public static async Task<BenchSite> CreateAsync(string[] args, bool demo, bool kestrel, Action<WebApplicationBuilder>? configure = null)
    {
        var provider = BenchArgs.Option(args, "--provider") ?? "Sqlite";
        var connection = BenchArgs.Option(args, "--connection");
        var directory = System.IO.Directory.CreateTempSubdirectory("fivesocieties-bench-").FullName;
        string[] database =
        [
            "--Database:Provider", provider, "--Database:DataDirectory", directory,
            .. connection is null ? Array.Empty<string>() : ["--ConnectionStrings:FiveSocieties", connection],
        ];
        string[] settings = [.. database, "--Demo:Enabled", demo ? "true" : "false", .. kestrel ? new[] { "--urls", "http://127.0.0.1:0" } : []];
        WebApplication? app = null;
        try
        {
            // The web assembly's name, as the site's own Program has it: MVC finds its controllers from it.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ApplicationName = typeof(BrokeringHub).Assembly.GetName().Name });
            builder.AddInfrastructure();
            builder.AddWeb();
            builder.Logging.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error)      // no wwwroot here: nothing static is asked for
                .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);  // the key ring of a throw-away database
            configure?.Invoke(builder);
            app = builder.Build();
            var site = new BenchSite(app, directory, provider, database);
            Console.WriteLine($"{(kestrel ? "Starting the site" : "Preparing the database")}{(demo ? " with the demo county" : "")} ({provider}) in {directory} …");
            var clock = Stopwatch.StartNew();
            if (kestrel)
            {
                app.UseWeb();
                await app.StartAsync();
                site._started = true;
            }
            else
            {
                await app.Services.PrepareDatabaseAsync();
            }
            Console.WriteLine($"   ready in {clock.Elapsed.TotalSeconds:0} s");
            return site;
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            DeleteDirectory(directory);
            throw;
        }
    }

    /// Every village of the tree, in code order: those within each region that has no parent in it.
    public static List<RegionInfo> Villages(RegionTree tree) =>
        tree.All.Where(r => r.Parent is not { } parent || !tree.Exists(parent)).OrderBy(r => r.Code)
            .SelectMany(root => tree.VillagesWithin(root.Code)).ToList();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started) await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
            DeleteDirectory(Directory);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {e.Message}");
        }
    }
}

/// The needs the benchmarks post: titles and service items of the demo catalogue, with the
/// beneficiary group that goes with each.
internal static class SampleNeeds
{
    public sealed record Kind(string Title, string ServiceItem, BeneficiaryGroup Group, bool AsksForMoney);

    /// needs-list seeds all of them; push posts the first seven (people's time, no money, no emergency).
    public static readonly Kind[] All =
    [
        new("独居老人助餐", "elderly.meal", BeneficiaryGroup.ElderlyLivingAlone, false),
        new("留守儿童四点半课堂", "children.after-school", BeneficiaryGroup.LeftBehindChild, false),
        new("楼道安全隐患整治", "governance.stairwell-safety", BeneficiaryGroup.ElderlyLivingAlone, false),
        new("残疾人康复训练", "disability.rehab", BeneficiaryGroup.ElderlyLivingAlone, false),
        new("困难家庭助学帮扶", "children.study-aid", BeneficiaryGroup.LeftBehindChild, false),
        new("高龄老人助医陪诊", "elderly.escort-medical", BeneficiaryGroup.ElderlyLivingAlone, false),
        new("心理疏导", "emotional.counselling", BeneficiaryGroup.ElderlyLivingAlone, false),
        new("适老化改造", "elderly.retrofit", BeneficiaryGroup.ElderlyLivingAlone, true),
        new("防汛物资", "emergency.flood", BeneficiaryGroup.ElderlyLivingAlone, false),
    ];

    public static readonly Kind[] Push = All[..7];

    public static Quantity QuantityOf(Kind kind) => kind.AsksForMoney ? Quantity.Of(Money.FromYuan(5000)) : Quantity.People(1);
}
