using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using FiveSocieties.Infrastructure.Files;
using FiveSocieties.Infrastructure.Tests.Files;

namespace FiveSocieties.Bench;

/// Issue 12: what reading the largest uploads the limits allow costs the server. Each file is read
/// by TableFile.Read with the default Imports limits (what the import processor runs) in a fresh
/// process of its own, so that its peak working set is that file's alone; the GC heap is sampled
/// every 5 ms while it reads.
public static class UploadMemoryBenchmark
{
    private static readonly (string Name, string File, string What)[] Cases =
    [
        ("roster", "走访登记-100000.xlsx", "a real 100,000-row needs roster as Excel saves it (shared strings)"),
        ("xlsx-max", "最大.xlsx", "100,000 rows × 30 columns of 13 characters, inline (each cell a string of its own): just under the cell limit"),
        ("xlsx-ratio", "比例.xlsx", "the roster with 170 styled empty cells after each row: near the unpacked limit in 10 MB"),
        ("csv-max", "最大.csv", "10 MB of CSV: 100,000 rows × 30 cells, just under the cell limit"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--read", var upload]) return Read(upload);
        var directory = Directory.CreateTempSubdirectory("fivesocieties-upload-memory-");
        try
        {
            Console.WriteLine($"Limits: {TableFile.MaxBytes / 1024 / 1024} MB upload, {TableFile.MaxRows:N0} rows; " + Describe(new ImportLimits()));
            foreach (var (name, file, what) in Cases)
            {
                var path = Path.Combine(directory.FullName, file);
                await File.WriteAllBytesAsync(path, Generate(name));
                Console.WriteLine($"== {name}: {what}");
                Console.WriteLine("   " + Unpacked(path));
                var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(UploadMemoryBenchmark).Assembly.Location);
                foreach (var a in new[] { "upload-memory", "--read", path }) start.ArgumentList.Add(a);
                using var child = Process.Start(start)!;
                Console.Write(await child.StandardOutput.ReadToEndAsync());
                await child.WaitForExitAsync();
                if (child.ExitCode != 0) return child.ExitCode;
            }
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// upload-memory --read FILE (the child process): reads it once and prints what that cost.
    private static int Read(string file)
    {
        var content = File.ReadAllBytes(file);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakHeap = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        string outcome;
        Table? table = null;
        try
        {
            table = TableFile.Read(content, Path.GetFileName(file), new ImportLimits());
            outcome = $"read {table.Rows.Count:N0} rows × {table.Headers.Count} columns";
        }
        catch (TableFileException refused)
        {
            outcome = "refused: " + refused.Message;
        }
        clock.Stop();
        sampling.Cancel();
        sampler.Wait();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(table);
        process.Refresh();
        Console.WriteLine($"   {outcome} in {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"   GC heap: peak {Mb(peakHeap - heapBefore)} over the {Mb(heapBefore)} before (sampled every 5 ms), " +
                          $"the table kept {Mb(retained)}; allocated in all {Mb(allocated)}");
        Console.WriteLine($"   working set: peak {Mb(process.PeakWorkingSet64)}, {Mb(process.PeakWorkingSet64 - workingSetBefore)} over the {Mb(workingSetBefore)} " +
                          "before reading (file loaded, runtime started)");
        return 0;
    }

    private static byte[] Generate(string name) => name switch
    {
        "roster" => HostileWorkbook.NeedsRoster(100_000),
        "xlsx-max" => HostileWorkbook.Create(HostileWorkbook.Sheet(w =>
        {
            var random = new Random(1);
            HostileWorkbook.Row(w, 1, [.. Enumerable.Range(1, 30).Select(i => $"列{i}")]);
            var cells = new string[29];
            for (var r = 2; r <= TableFile.MaxRows; r++)
            {
                for (var c = 0; c < cells.Length; c++) cells[c] = "王秀英建平镇东夏村3组" + Random4(random, 1); // packs under 10 MB, under 100:1
                HostileWorkbook.Row(w, r, cells); // 29 cells a row: the header row's 30th column stays empty
            }
        }), level: CompressionLevel.SmallestSize),
        "xlsx-ratio" => Padded(HostileWorkbook.NeedsRoster(100_000)),
        _ => Csv(),
    };

    /// Text from four letters: it packs about 4:1, so the most text fits in 10 MB.
    private static string Random4(Random random, int length) =>
        string.Create(length, random, static (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = "abcd"[r.Next(4)]; });

    /// The roster with the same rows and 170 styled empty cells after each (as Excel writes a
    /// formatted area); empty cells are never kept, so only the unpacked size grows.
    private static byte[] Padded(byte[] roster)
    {
        using var source = new ZipArchive(new MemoryStream(roster));
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in source.Entries)
            {
                using var from = new StreamReader(entry.Open());
                using var to = new StreamWriter(zip.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                if (entry.FullName != "xl/worksheets/sheet1.xml") to.Write(from.ReadToEnd());
                else
                {
                    var padding = string.Concat(Enumerable.Repeat("<c s=\"3\"/>", 170));
                    var sheet = from.ReadToEnd();
                    foreach (var part in sheet.Split("</row>"))
                    {
                        to.Write(part);
                        if (part.Contains("<row ", StringComparison.Ordinal)) to.Write(padding + "</row>");
                    }
                }
            }
        return output.ToArray();
    }

    private static byte[] Csv()
    {
        var text = new StringBuilder(string.Join(",", Enumerable.Range(1, 30).Select(i => $"列{i}")) + "\n");
        var random = new Random(2);
        for (var r = 0; r < TableFile.MaxRows; r++) text.Append(string.Join(",", Enumerable.Range(0, 30).Select(_ => Random4(random, 2)))).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= TableFile.MaxBytes ? bytes : throw new InvalidOperationException($"the CSV is {bytes.Length:N0} bytes");
    }

    private static string Unpacked(string path)
    {
        var bytes = new FileInfo(path).Length;
        if (!path.EndsWith(".xlsx", StringComparison.Ordinal)) return $"{Mb(bytes)}";
        using var zip = ZipFile.OpenRead(path);
        var unpacked = zip.Entries.Sum(e => e.Length);
        return $"{Mb(bytes)}, unpacking to {Mb(unpacked)} ({(double)unpacked / bytes:0.0}:1)";
    }

    private static string Describe(ImportLimits l) => string.Create(CultureInfo.InvariantCulture,
        $"unpacked ≤ {Mb(l.MaxUncompressedBytes)} at ≤ {l.MaxCompressionRatio}:1, ≤ {l.MaxZipEntries:N0} parts, ≤ {l.MaxColumns} columns, " +
        $"≤ {l.MaxCells:N0} cells, ≤ {l.MaxTextCharacters:N0} characters");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.0} MiB");
}
