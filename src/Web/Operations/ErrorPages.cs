using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Operations;

/// The "Diagnostics" configuration section.
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// Pages show the framework's developer exception page (stack trace, request headers and
    /// cookies, build paths) instead of the Chinese error page. For a developer's own machine:
    /// refused at start outside the Development environment. The API answers problem details either way.
    public bool DeveloperErrors { get; set; }
}

internal sealed class DiagnosticsOptionsValidator(IHostEnvironment environment) : IValidateOptions<DiagnosticsOptions>
{
    public ValidateOptionsResult Validate(string? name, DiagnosticsOptions o) =>
        o.DeveloperErrors && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail($"Diagnostics:DeveloperErrors 只能在 Development 环境中开启（当前为 {environment.EnvironmentName}），它会向用户显示程序堆栈和请求头。")
            : ValidateOptionsResult.Success;
}

/// What a user sees when a request fails, the same in every environment: pages get the Chinese
/// error and status pages, the API RFC 7807 problem details — never a stack trace, a build path
/// or the request's own headers (a 500 once echoed the caller's Authorization header).
public static class ErrorPages
{
    public static IServiceCollection AddErrorPages(this IServiceCollection services)
    {
        services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiagnosticsOptions>, DiagnosticsOptionsValidator>();
        return services;
    }

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        var developerErrors = app.ApplicationServices.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.DeveloperErrors;
        // The API's handler writes problem details (IProblemDetailsService); pages re-execute the
        // error page (the HTML page would be unreadable for a mobile client). In Development,
        // WebApplication puts the developer exception page first of all: a handler here answers
        // before it can, unless a developer opted in to it for pages.
        app.UseWhen(IsApi, api => api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf }));
        if (!developerErrors)
            app.UseWhen(c => !IsApi(c), pages => pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Home/Error",
                StatusCodeSelector = StatusOf,
            }));
        // Bare status codes: pages get a Chinese page, the API problem details (the pages'
        // re-execute would turn a JSON 404 into HTML).
        app.UseWhen(c => !IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/Home/Status/{0}"));
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        return app;
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// A body over Kestrel's limit or a malformed request is the client's (413, 400), not a 500.
    private static int StatusOf(Exception e) => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
}
