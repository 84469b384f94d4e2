using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Web.Features.Account;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

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
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
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
        services.AddAutoMapper(cfg => cfg.LicenseKey = builder.Configuration["AutoMapper:LicenseKey"], typeof(DependencyInjection).Assembly);
        services.AddHealthChecks().AddDbContextCheck<FiveSocietiesDbContext>("database");
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
        services.AddScoped<Features.Needs.NeedList>();
        services.AddScoped<Features.Needs.NeedPages>();
        services.AddScoped<Features.Privacy.PersonalDataLog>();
    }

    private static void AddAccounts(IServiceCollection services)
    {
        new IdentityBuilder(typeof(AppUser), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.Configure<IdentityOptions>(o =>
        {
            o.Password.RequiredLength = 8;
            o.Password.RequireDigit = true;
            o.Password.RequireLowercase = true;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            o.Lockout.AllowedForNewUsers = true;
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
        });
        services.AddAntiforgery(o => o.Cookie.Name = "FiveSocieties.Antiforgery");
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Home/Error");
        app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz");
        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        return app;
    }
}
