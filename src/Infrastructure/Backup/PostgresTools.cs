using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace FiveSocieties.Infrastructure.Backup;

/// pg_dump and pg_restore: found on PATH or in Debian's /usr/lib/postgresql/*/bin (or the folder
/// given with --pg-bin), checked against the server's major version, and run with the password in
/// PGPASSWORD — never on the command line, where `ps` would show it.
internal static partial class PostgresTools
{
    public sealed record Tool(string Path, Version Version);

    /// The tool of the server's major version, else the newest that is not older than the server
    /// (pg_dump refuses a newer server; a newer pg_dump reads an older one).
    public static async Task<Tool> FindAsync(string name, int serverMajor, string? directory, CancellationToken ct)
    {
        var found = new List<Tool>();
        foreach (var path in Candidates(name, directory).Distinct())
            if (await VersionAsync(path, ct) is { } version) found.Add(new Tool(path, version));
        if (found.Count == 0)
            throw new BackupFailure(BackupFailure.Unavailable,
                $"找不到 {name}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client-{serverMajor}），或用 --pg-bin 指定其所在目录。");
        return found.FirstOrDefault(t => t.Version.Major == serverMajor)
            ?? found.Where(t => t.Version.Major > serverMajor).MaxBy(t => t.Version)
            ?? throw new BackupFailure(BackupFailure.Unavailable,
                $"{name} 的版本（{found.Max(t => t.Version)!.Major}）低于数据库服务器的版本（{serverMajor}），无法使用：" +
                $"请安装 postgresql-client-{serverMajor} 或更新的版本，或用 --pg-bin 指定其所在目录。");
    }

    private static IEnumerable<string> Candidates(string name, string? directory)
    {
        if (directory is not null)
        {
            yield return Path.Combine(directory, name);
            yield break;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) yield return Path.Combine(dir, name);
        if (Directory.Exists("/usr/lib/postgresql"))
            foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql"))
                if (File.Exists(Path.Combine(dir, "bin", name))) yield return Path.Combine(dir, "bin", name);
    }

    /// "pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" → 15.14; null when it does not run.
    private static async Task<Version?> VersionAsync(string path, CancellationToken ct)
    {
        try
        {
            var (exit, output, _) = await RunAsync(path, ["--version"], new Dictionary<string, string>(), ct);
            return exit == 0 && VersionPattern().Match(output) is { Success: true } m ? Version.Parse(m.Groups[1].Value + (m.Groups[2].Success ? "" : ".0")) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not executable
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\) (\d+(\.\d+)?)")]
    private static partial Regex VersionPattern();

    /// The connection's target as libpq's environment: host, port, database, user, password and SSL mode.
    public static Dictionary<string, string> LibpqEnvironment(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>();
        void Set(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) environment[name] = value;
        }
        Set("PGHOST", c.Host);
        Set("PGPORT", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("PGDATABASE", c.Database);
        Set("PGUSER", c.Username);
        Set("PGPASSWORD", c.Password);
        Set("PGSSLMODE", c.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        return environment;
    }

    /// Runs a tool to its end; what it prints is returned (pg_dump writes its archive to a file).
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string path, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        start.Environment["LC_MESSAGES"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await errors);
    }

    /// The last lines a failed tool printed, for the operator.
    public static string Tail(string errors) =>
        string.Join(" ", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
