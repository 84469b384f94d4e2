namespace FiveSocieties.Infrastructure.Matching.Feed;

/// Whether this node last reached the candidate index, for the admin page and for deciding when
/// delayed matching may be tried again. The embedded index is always reachable.
public sealed class IndexHealth(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _failingSince;
    private string? _error;

    public bool IsReachable
    {
        get { lock (_lock) return _failingSince is null; }
    }

    /// Since when, and why, the index cannot be reached; null when it can.
    public (DateTimeOffset Since, string Error)? Failing
    {
        get { lock (_lock) return _failingSince is { } since ? (since, _error ?? "") : null; }
    }

    public void Failed(string error)
    {
        lock (_lock)
        {
            _failingSince ??= clock.GetUtcNow();
            _error = error;
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failingSince = null;
            _error = null;
        }
    }
}

/// A need saved while the candidate index could not be reached: it waits here, shown to workers
/// as "matching delayed", until <see cref="DelayedMatchingRetry"/> matches it.
public sealed class DelayedMatching
{
    private DelayedMatching() { Reason = ""; } // for EF Core

    public DelayedMatching(long needId, DateTimeOffset since, string reason)
    {
        NeedId = needId;
        Since = since;
        Reason = reason.Length > 500 ? reason[..500] : reason;
    }

    public long NeedId { get; private set; }
    public DateTimeOffset Since { get; private set; }
    public string Reason { get; private set; }
}
