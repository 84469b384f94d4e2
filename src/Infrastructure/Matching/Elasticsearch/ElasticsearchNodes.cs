namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// The nodes of the cluster requests go to, and which of them failed lately. Each request takes the
/// next live node in turn (so the coordinating work is shared); a node that did not answer, timed out
/// or answered 502/503/504 is skipped for <see cref="ElasticsearchOptions.DeadNodeRetry"/> (twice as
/// long each time it fails again, up to 16 times), then tried again. When every node is skipped, they
/// are tried in turn all the same: a request is never refused without asking a node.
/// Why not Elastic.Transport's node pool (it restores, version 1.1.0): it comes with its own HTTP stack
/// (HttpRequestInvoker makes its own HttpClientHandler per configuration instead of the handler
/// IHttpClientFactory builds here with the cluster's CA check) and its own retry and failover loop;
/// keeping Polly for what that loop does not do here (backoff with jitter, 429 with Retry-After) would
/// put two retry loops around every request and multiply the attempts and timeouts the "cluster down"
/// path counts on. Round-robin with dead-node back-off is the part needed, and it is these few lines.
public sealed class ElasticsearchNodes(IReadOnlyList<Uri> nodes, TimeSpan deadFor, TimeProvider clock)
{
    private const int MaxBackOff = 16;
    private readonly Lock _lock = new();
    private readonly DateTimeOffset[] _deadUntil = new DateTimeOffset[nodes.Count];
    private readonly int[] _failures = new int[nodes.Count];
    private int _next;

    public IReadOnlyList<Uri> All => nodes;

    /// The node for the next attempt.
    public Uri Pick()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            var chosen = Enumerable.Range(0, nodes.Count).Select(i => (_next + i) % nodes.Count).Where(n => _deadUntil[n] <= now).DefaultIfEmpty(_next).First();
            _next = (chosen + 1) % nodes.Count;
            return nodes[chosen];
        }
    }

    /// Whether a node other than those skipped now is left to try at once.
    public bool AnyLive
    {
        get
        {
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                return _deadUntil.Any(d => d <= now);
            }
        }
    }

    public void Failed(Uri node)
    {
        lock (_lock)
        {
            var n = IndexOf(node);
            _failures[n] = Math.Min(_failures[n] + 1, 5);
            _deadUntil[n] = clock.GetUtcNow() + deadFor * Math.Min(MaxBackOff, 1 << (_failures[n] - 1));
        }
    }

    public void Answered(Uri node)
    {
        lock (_lock)
        {
            var n = IndexOf(node);
            (_failures[n], _deadUntil[n]) = (0, default);
        }
    }

    private int IndexOf(Uri node)
    {
        for (var i = 0; i < nodes.Count; i++)
            if (nodes[i] == node) return i;
        throw new ArgumentException($"{node} is not one of the nodes.", nameof(node));
    }
}
