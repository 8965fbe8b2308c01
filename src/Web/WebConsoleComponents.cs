using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameOps.Web;

public static class WebConsoleComponents
{
    /// <summary>
    /// The console's components and their per-circuit services. The host adds Blazor server rendering, maps
    /// <see cref="App"/>, and implements <see cref="IOrgConsole"/> and <see cref="Account.IConsoleAccounts"/>.
    /// </summary>
    public static IServiceCollection AddWebConsoleComponents(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<ConsoleSession>();
        return services;
    }
}
