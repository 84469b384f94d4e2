using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using FiveSocieties.Infrastructure;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Health;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Account;
using FiveSocieties.Web.Features.Shared;
using FiveSocieties.Web.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web;

public static class DependencyInjection
{
    public static readonly CultureInfo DefaultCulture = new("zh-CN");
    public static readonly CultureInfo[] SupportedCultures = [DefaultCulture, new("en")];

    /// MVC with feature folders, zh-CN localization, accounts, mapping and health checks.
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Chinese text is written as is, not as &#x...; entities (a third of the bytes, readable source).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Stored text is written without the control and direction characters input now refuses.
        services.AddSingleton<HtmlEncoder>(sp => new DisplaySafeHtmlEncoder(
            HtmlEncoder.Create(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebEncoderOptions>>().Value.TextEncoderSettings!)));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                ChineseValidationMessages.Apply(o);
                o.ModelValidatorProviders.Add(new InputRules());
                o.Filters.Add(new RefuseNulCharacters());
                // Deny by default: every action needs a signed-in user unless it says [AllowAnonymous].
                // (A fallback policy would also send visitors of unknown URLs to the login page.)
                o.Filters.Add(new Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter());
            })
            // Enums by name only: a number ("urgency": 7) would bind to a value no enum defines.
            .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false)))
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = Features.Api.ApiValidation.Respond)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddRazorOptions(o =>
            {
                // Feature folders: Features/Needs/Views/Index.cshtml, shared parts in Features/Shared.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/Views/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Chinese unless the user picked another language (cookie) or asks for one (?culture=en).
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        AddAccounts(services);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Features.Api.ApiProblems.Localise);
        services.AddExceptionHandler<DatabaseUnavailable>(); // 503, not 500, while the database is down
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FiveSocieties API";
            document.Info.Description = "五社联动服务平台 JSON API。先用 POST /api/v1/auth/login 取得令牌，再以 Authorization: Bearer {accessToken} 调用。错误为 RFC 7807 problem details，字段错误为中文。";
            return Task.CompletedTask;
        }));
        services.AddAutoMapper(cfg => cfg.LicenseKey = builder.Configuration["AutoMapper:LicenseKey"], typeof(DependencyInjection).Assembly);
        services.AddHealthChecks().AddDbContextCheck<FiveSocietiesDbContext>("database", tags: [Operations.Health.Ready])
            .AddIndexAndOutboxChecks(Operations.Health.Ready);
        AddFeatures(services);
        return builder;
    }

    /// The services each feature folder brings (controllers are found by MVC).
    private static void AddFeatures(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ScopeAccessor>();
        services.AddScoped<Navigation>();
        services.AddScoped<Features.Home.Dashboard>();
        services.AddScoped<Features.Needs.NeedService>();
        services.AddScoped<Features.Matches.MatchReader>();
        services.AddScoped<Features.Needs.NeedList>();
        services.AddScoped<Features.Needs.NeedPages>();
        services.AddScoped<Features.Privacy.PersonalDataLog>();
        services.AddScoped<Features.Resources.ResourceService>();
        services.AddScoped<Features.Resources.ResourceList>();
        services.AddScoped<Features.Resources.ResourcePages>();
        services.AddScoped<Features.Account.Registration>();
        services.AddScoped<Features.Accounts.StaffAccounts>();
        services.AddScoped<Features.Catalogue.CatalogueReader>();
        services.AddScoped<Features.Imports.ImportJobs>();
        services.AddSingleton<Features.Imports.ImportProcessor>();
        AddBrokering(services);
        services.AddSingleton<Features.Imports.ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Imports.ImportRunner>());
    }

    /// Live brokering: the hub, the relay of committed events to it, offers and their expiry.
    private static void AddBrokering(IServiceCollection services)
    {
        services.AddSignalR();
        services.AddEventDispatch<Features.Brokering.HubEventSink>();
        services.AddOptions<Features.Brokering.BrokeringOptions>().BindConfiguration(Features.Brokering.BrokeringOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Features.Brokering.BrokeringOptions>, Features.Brokering.BrokeringOptionsValidator>();
        services.AddScoped<Features.Brokering.BrokeringService>();
        services.AddScoped<Features.Brokering.BrokeringBoard>();
        services.AddHostedService<Features.Brokering.OfferExpiry>();
    }

    private static void AddAccounts(IServiceCollection services)
    {
        new IdentityBuilder(typeof(AppUser), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.Events.OnMessageReceived = Sessions.ValidateBearerAsync);
        services.AddOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<IOptions<AccountOptions>>((o, accounts) => o.BearerTokenExpiration = accounts.Value.AccessTokenLifetime);
        services.AddAuthentication().AddIdentityCookies();
        services.Configure<IdentityOptions>(o =>
        {
            o.Password.RequiredLength = 8;
            o.Password.RequireDigit = true;
            o.Password.RequireLowercase = true;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            // Failed sign-ins lock a client out of an account (SignInLockout), never the account itself.
            o.Lockout.AllowedForNewUsers = false;
            o.User.RequireUniqueEmail = false;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.Cookie.Name = "FiveSocieties.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // The stamp on every request: a cookie copied before a sign-out or a new password is worthless at once.
            o.Events.OnValidatePrincipal = Sessions.ValidateCookieAsync;
            // The API answers 401/403 instead of sending the browser to the login page.
            o.Events.OnRedirectToLogin = context => ApiStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiStatus(context, StatusCodes.Status403Forbidden);
            // A live page's own background reads (X-Live, see live.js) are not activity: a station PC
            // left open still signs out after 30 idle minutes.
            o.Events.OnCheckSlidingExpiration = context =>
            {
                if (context.Request.Headers.ContainsKey("X-Live")) context.ShouldRenew = false;
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(o => o.Cookie.Name = "FiveSocieties.Antiforgery");
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.AddScoped<SignInLockout>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<Sessions>();
        services.AddHostedService<SignInRecordsCleanup>();
        services.AddClientAddresses();
        services.AddAccountRateLimits();
    }

    private static Task ApiStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        // The client's own address and scheme, as the proxies in front forwarded them: for everything after.
        app.UseClientAddresses();
        // Security headers, request logs, error and status pages (Operations/): before everything else.
        app.UseOperations();
        app.UseRequestLocalization();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = Operations.SecurityHeaders.StaticFileCaching });
        app.UseRouting();
        app.UseRequestRoute();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        app.MapHub<Features.Brokering.BrokeringHub>(Features.Brokering.BrokeringHub.Path);
        return app;
    }
}
