using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FiveSocieties.Tests;
using Xunit;

namespace FiveSocieties.Web.Tests.Drills;

/// A PostgreSQL server of the drill's own, in a temporary folder, which the drill stops and starts
/// without disturbing the server the other tests share. It uses Debian's postgresql package
/// (./test.sh installs it); without it the drill skips locally and fails under CI=true.
/// Commits are synchronous (the default): an acknowledged commit survives an immediate stop.
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PostgresCluster(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(_directory, "data");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// The folder of Debian's server binaries (initdb, pg_ctl); null when they are not installed.
    public static string? Bin { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl"))).Order().LastOrDefault()
        : null;

    /// Skips the calling drill when the binaries are missing (locally); fails it under CI=true.
    public static void RequireAvailable()
    {
        if (Bin is not null) return;
        const string message = "PostgreSQL's server binaries (Debian postgresql) are missing: run ./test.sh, which installs them.";
        if (TestDatabase.RunningUnderCi) throw new InvalidOperationException(message + " (CI=true: the drills must run.)");
        Assert.Skip(message);
    }

    public static async Task<PostgresCluster> StartAsync()
    {
        RequireAvailable();
        var bin = Bin!;
        var directory = Directory.CreateTempSubdirectory("fivesocieties-drill-pg.").FullName;
        if (Environment.UserName == "root") await RunAsync("chown", "postgres", directory);
        var cluster = new PostgresCluster(bin, directory, FreePort());
        await cluster.AsServerAsync(Path.Combine(bin, "initdb"), "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// As `pg_ctl stop -m immediate`: every backend killed at once, nothing flushed or said goodbye.
    public Task StopImmediatelyAsync() => AsServerAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-s", "-w", "-m", "immediate", "stop");

    /// Returns once the server accepts connections (after crash recovery, when it was stopped immediately).
    public Task StartAgainAsync() => AsServerAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-s", "-w", "-t", "60",
        "-l", Path.Combine(_directory, "server.log"),
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");

    public async ValueTask DisposeAsync()
    {
        try { await StopImmediatelyAsync(); }
        catch (InvalidOperationException) { } // already stopped
        Directory.Delete(_directory, recursive: true);
    }

    /// A port nobody listens on now.
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    // The server refuses to run as root: as root, its tools run as the postgres user.
    private Task AsServerAsync(string tool, params string[] arguments) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments])
        : RunAsync(tool, arguments);

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        // Output to files, not pipes: the server that pg_ctl starts would hold a pipe open for its life.
        var log = Path.GetTempFileName();
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LOG"] = log;
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        var output = await File.ReadAllTextAsync(log);
        File.Delete(log);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }
}
