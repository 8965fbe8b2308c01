using GameOps.Web.Shell;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameOps.Web;

public static class WebConsoleComponents
{
    /// <summary>
    /// The console's components and their per-circuit services. The host adds Blazor server rendering, maps
    /// <see cref="App"/>, and implements <see cref="IOrgConsole"/>, <see cref="Servers.IServerConsole"/>, <see cref="Jobs.IJobConsole"/> and <see cref="Account.IConsoleAccounts"/>.
    /// </summary>
    public static IServiceCollection AddWebConsoleComponents(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<ConsoleSession>();
        services.AddScoped<CircuitReconnects>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitReconnects>());
        return services;
    }
}
