using GameOps.Web;
using GameOps.Web.Account;
using GameOps.Web.Jobs;
using GameOps.Web.Servers;
using GameOps.Web.Alerts;
using GameOps.Web.Audit;
using GameOps.Web.Schedules;
using GameOps.Web.Settings;
using GameOps.Web.Shell;
using GameOps.Silo.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.WebConsole;

public static class WebConsoleExtensions
{
    /// <summary>The MudBlazor web console (src/Web), rendered on the server over a Blazor circuit, in a process with its role.</summary>
    public static WebApplicationBuilder AddGameOpsWebConsole(this WebApplicationBuilder builder)
    {
        if (!SiloRoleSet.Read(builder.Configuration).HasFlag(SiloRoles.WebConsole))
        {
            return builder;
        }

        // The console's and MudBlazor's files are static web assets: outside Development they are served only when asked.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddWebConsoleComponents();
        builder.Services.AddScoped<WebConsoleAccess>();
        builder.Services.AddScoped<IOrgConsole, SiloOrgConsole>();
        builder.Services.AddScoped<IServerConsole, SiloServerConsole>();
        builder.Services.AddScoped<IJobConsole, SiloJobConsole>();
        builder.Services.AddScoped<IConsoleAccounts, SiloConsoleAccounts>();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionStampRevalidation>();
        builder.Services.AddScoped<IScheduleConsole, SiloScheduleConsole>();
        builder.Services.AddScoped<IAlertConsole, SiloAlertConsole>();
        builder.Services.AddScoped<IAuditConsole, SiloAuditConsole>();
        builder.Services.AddScoped<ISettingsConsole, SiloSettingsConsole>();
        return builder;
    }

    /// <summary>Maps the console's pages at <c>/</c>; call after authentication and authorization.</summary>
    public static WebApplication MapGameOpsWebConsole(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Roles.HasFlag(SiloRoles.WebConsole))
        {
            return app;
        }

        // Validates the console's form posts (setup, sign-in, sign-out) against the anti-forgery token each form carries.
        app.UseAntiforgery();
        app.MapStaticAssets().WithMetadata(WebConsoleEndpointMetadata.Instance);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithMetadata(WebConsoleEndpointMetadata.Instance);
        return app;
    }
}
