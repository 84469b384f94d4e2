using FiveSocieties.Infrastructure.Startup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// At start, asks the cluster what it is (GET /). A product or version the adapter does not support
/// is a configuration the operator must fix: the node does not start, and says why in one line. A
/// cluster that does not answer is no reason not to start (nodes start while it is down, and match
/// later): the check is then made at the first request that reaches it, and a refusal there makes the
/// index unavailable (needs wait as 匹配延迟, the admin page shows the reason).
internal sealed partial class ElasticsearchStartCheck(ElasticsearchClient client, ILogger<ElasticsearchStartCheck> logger) : IHostedService
{
    /// How long the start waits for an answer: a cluster that is down must not hold the node back.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public async Task StartAsync(CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        try
        {
            await client.VerifyAsync(budget.Token);
        }
        catch (ElasticsearchException e) when (e.IsUnsupported)
        {
            throw new StartupException(e.Message, e);
        }
        catch (Exception e) when ((e is ElasticsearchException || e is OperationCanceledException) && !ct.IsCancellationRequested)
        {
            NotChecked(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch did not answer at start ({Reason}); its product and version are checked at the first request that reaches it")]
    private static partial void NotChecked(ILogger logger, string reason);
}
