using FiveSocieties.Infrastructure;
using FiveSocieties.Web;
using FiveSocieties.Web.Operations;

try
{
    if (args is ["import", .. var importArgs]) return await FiveSocieties.Web.Features.Imports.ImportCommand.RunAsync(importArgs);
    if (args is ["rebuild-index", .. var rebuildArgs]) return await FiveSocieties.Web.Features.MatchingIndex.RebuildIndexCommand.RunAsync(rebuildArgs);
    if (args is ["backup" or "restore", ..]) return await FiveSocieties.Infrastructure.Backup.BackupCommand.RunAsync(args);

    var builder = WebApplication.CreateBuilder(args);
    builder.AddOperations();
    builder.AddInfrastructure();
    builder.AddWeb();

    var app = builder.Build();
    app.UseWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Describe(e) is { } line)
{
    // A wrong setting or an unreachable database: one line that says what to fix.
    Console.Error.WriteLine(line);
    return 1;
}

public partial class Program;
