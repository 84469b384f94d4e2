using FiveSocieties.Infrastructure.Startup;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web;

/// Turns the start-up failures an operator can fix into one line; anything else is a bug and
/// keeps its stack trace.
internal static class StartupFailure
{
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StartupException startup:
                    return "启动失败：" + startup.Message;
                case OptionsValidationException options:
                    return "启动失败，配置有误：" + string.Join("；", options.Failures.Select(f => f.TrimEnd('。'))) + "。";
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    return Describe(aggregate.InnerExceptions[0]);
            }
        }
        return null;
    }
}
