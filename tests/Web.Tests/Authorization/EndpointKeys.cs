using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FiveSocieties.Web.Tests.Authorization;

/// Names every endpoint of the site the way the authorization matrix lists them:
/// "GET Needs.Details" for controller actions, "GET /healthz" for the others.
public static class EndpointKeys
{
    public static IReadOnlyList<string> Of(IServiceProvider services)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                // Entries kept for link generation only are never requested.
                if (endpoint.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching == true) continue;
                var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
                var name = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action
                    ? $"{action.ControllerName}.{action.ActionName}"
                    : "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
                foreach (var method in methods) keys.Add($"{method} {name}");
            }
        }
        return keys.ToList();
    }
}
