namespace FiveSocieties.Web.Tests.Support;

/// The JSON log files a test site writes (Logging:File:Directory), read while the site keeps them open.
public static class LogFiles
{
    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "fivesocieties-tests", "logs-" + Guid.NewGuid().ToString("N"));

    /// The settings that make a site write its log files to <paramref name="directory"/>.
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string directory) =>
        [new("Logging:File:Enabled", "true"), new("Logging:File:Directory", directory)];

    /// Every line written so far (the files stay open in the site: shared reading).
    public static async Task<string> TextAsync(string directory)
    {
        var text = new System.Text.StringBuilder();
        if (!Directory.Exists(directory)) return "";
        foreach (var file in Directory.GetFiles(directory, "*.json").Order())
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            text.Append(await new StreamReader(stream).ReadToEndAsync());
        }
        return text.ToString();
    }

    public static void Delete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } // not there, or still open
    }
}
