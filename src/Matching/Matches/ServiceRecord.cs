using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Matches;

/// A visit or session delivered under a match (服务清单 entry).
public sealed class ServiceRecord
{
    private ServiceRecord() { RecordedById = ""; RecordedByName = ""; } // for EF Core

    public ServiceRecord(DateOnly date, int minutes, int peopleServed, string? notes, ActorRef by, DateTimeOffset at)
    {
        if (date > ChinaTime.Today(at))
            throw new DomainException("service.future", "服务日期不能晚于今天。");
        // A session is recorded soon after it happens; a date years back is a typing error (0001-01-01).
        if (date < ChinaTime.Today(at).AddYears(-1))
            throw new DomainException("service.too-old", "服务日期不能早于一年前。");
        Date = date;
        Minutes = Guard.Range(minutes, "服务时长（分钟）", 1, 24 * 60);
        PeopleServed = Guard.Range(peopleServed, "服务人数", 0, 100_000);
        Notes = Guard.OptionalText(notes, "服务记录", 1000, multiline: true);
        RecordedById = by.Id;
        RecordedByName = by.Name;
        RecordedAt = at;
    }

    public long Id { get; private set; }
    public DateOnly Date { get; private set; }
    public int Minutes { get; private set; }
    public int PeopleServed { get; private set; }
    public string? Notes { get; private set; }
    public string RecordedById { get; private set; }
    public string RecordedByName { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public decimal Hours => Minutes / 60m;
}

public enum FeedbackSource
{
    Requester, // 服务对象（或提出人）
    Committee, // 村/居委会
}

/// A 1–5 rating with a comment on a completed service.
public sealed class Feedback
{
    private Feedback() { ById = ""; ByName = ""; } // for EF Core

    public Feedback(FeedbackSource source, int rating, string? comment, ActorRef by, DateTimeOffset at)
    {
        Source = Guard.Defined(source, "评价来源");
        Rating = Guard.Range(rating, "评分", 1, 5);
        Comment = Guard.OptionalText(comment, "评价内容", 500, multiline: true);
        ById = by.Id;
        ByName = by.Name;
        At = at;
    }

    public long Id { get; private set; }
    public FeedbackSource Source { get; private set; }
    public int Rating { get; private set; }
    public string? Comment { get; private set; }
    public string ById { get; private set; }
    public string ByName { get; private set; }
    public DateTimeOffset At { get; private set; }
}
