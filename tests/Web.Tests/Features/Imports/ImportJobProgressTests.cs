using FiveSocieties.Infrastructure.Imports;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Imports;

/// The percentage the progress bar shows, through a job's life as ImportProcessor drives it.
public sealed class ImportJobProgressTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static ImportJob NewJob(bool validRowsOnly = false) =>
        new(Guid.NewGuid(), ImportKind.Volunteers, "名册.xlsx", [1, 2, 3], validRowsOnly, "u1", "社工", "StationWorker", "341821100000", 1, null, At);

    [Fact]
    public void Percent_ThroughAValidJob_NeverMovesBackAndEndsAt100()
    {
        var job = NewJob();
        var seen = new List<int> { job.Percent };

        job.StartValidating(0, At); // the job is claimed before its file is read
        seen.Add(job.Percent);
        job.StartValidating(3000, At);
        seen.Add(job.Percent);
        for (var done = 500; done <= 3000; done += 500)
        {
            job.Progress(done, At);
            seen.Add(job.Percent);
        }
        job.Validated(3000, [], At);
        seen.Add(job.Percent);
        for (var written = 500; written <= 3000; written += 500)
        {
            job.Written(500, 0, 0, written, At);
            seen.Add(job.Percent);
        }
        job.Complete(At);
        seen.Add(job.Percent);

        Assert.Equal(seen.Order(), seen);
        Assert.Equal(0, seen[0]);
        Assert.Equal(100, seen[^1]);
        Assert.Equal(20, seen[9]); // checking is the first fifth, writing the rest
        Assert.Equal((ImportStatus.Completed, 3000), (job.Status, job.Created));
    }

    [Fact]
    public void Validated_WithErrors_StopsAsInvalidUnlessValidRowsOnly()
    {
        ImportError[] errors = [new(3, "身份证号", "身份证号校验位不正确，请核对。")];
        var strict = NewJob();
        strict.StartValidating(2, At);
        strict.Validated(1, errors, At);
        Assert.Equal((ImportStatus.Invalid, 100, true), (strict.Status, strict.Percent, strict.IsFinished));
        Assert.Equal("共 1 处错误，未导入任何数据。", strict.Message);
        Assert.Equal(errors, strict.Errors);

        var lenient = NewJob(validRowsOnly: true);
        lenient.StartValidating(2, At);
        lenient.Validated(1, errors, At);
        Assert.Equal((ImportStatus.Importing, 20, false), (lenient.Status, lenient.Percent, lenient.IsFinished));
        lenient.Written(1, 0, 0, 1, At);
        lenient.Complete(At);
        Assert.Equal("已跳过 1 处错误所在的行。", lenient.Message);
        Assert.Empty(lenient.Content); // the roster is not kept once done
    }
}
