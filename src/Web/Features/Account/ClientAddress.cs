using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// The "ReverseProxy" section: the proxies (nginx, a load balancer) whose X-Forwarded-For and
/// X-Forwarded-Proto the site believes, besides one on the same machine (loopback, which no outsider
/// can connect from). Nobody else's: anyone could otherwise pick a new address for every request.
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// Addresses ("10.0.0.5") or networks ("10.0.0.0/24") of the proxies in front of the site.
    public List<string> KnownProxies { get; set; } = [];
}

internal sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions o)
    {
        var wrong = o.KnownProxies.Where(p => !IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _)).ToList();
        return wrong.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ReverseProxyOptions.Section}:KnownProxies 中的“{string.Join("”“", wrong)}”不是 IP 地址或网段（如 10.0.0.5 或 10.0.0.0/24）。");
    }
}

public static class ClientAddress
{
    public static IServiceCollection AddClientAddresses(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays known (the framework's default): an nginx on the same machine needs no setting.
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                else o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
        });
        return services;
    }

    /// First in the pipeline: the client's own address and scheme, as the proxies forwarded them, for
    /// the rate limits, the lockout, HSTS and the logs.
    public static WebApplication UseClientAddresses(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// The address a client is counted by: IPv4 as it is; IPv6 by its /64 network, since one
    /// home or phone is given a whole /64 and could otherwise change address at every request.
    /// "" where the server knows no address (the in-memory test server).
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
