using System.Runtime.CompilerServices;
using Bunit;
using GameOps.Web.Jobs;
using GameOps.Web.Servers;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameOps.Web.Tests.Shell;

public static class ConsoleTestContext
{
    private static readonly ConditionalWeakTable<BunitContext, IRenderedComponent<MudBlazor.MudPopoverProvider>> PopoverProviders = [];

    /// <summary>A bUnit context with MudBlazor, a signed-in user and the fakes as the silo, its session loaded.</summary>
    /// <param name="services">More of the silo's side (a page's own console interface), added before anything is resolved.</param>
    public static async Task<BunitContext> CreateAsync(
        FakeOrgConsole console, FakeServerConsole? servers = null, FakeJobConsole? jobs = null, Action<IServiceCollection>? services = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<IOrgConsole>(console);
        context.Services.AddSingleton<IServerConsole>(servers ?? new FakeServerConsole());
        context.Services.AddSingleton<IJobConsole>(jobs ?? new FakeJobConsole());
        context.Services.AddScoped<ConsoleSession>();
        context.Services.AddScoped<CircuitReconnects>();
        services?.Invoke(context.Services);
        context.AddAuthorization().SetAuthorized("ada");
        await context.Services.GetRequiredService<ConsoleSession>().LoadAsync();

        // Tooltips and dialogs render into these, as in the layout.
        PopoverProviders.Add(context, context.Render<MudBlazor.MudPopoverProvider>());
        return context;
    }

    /// <summary>Where the context's menus and select lists open (one provider per context, as in the layout).</summary>
    public static IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers(this BunitContext context) => PopoverProviders.TryGetValue(context, out var provider)
        ? provider
        : throw new InvalidOperationException("The context was not made by ConsoleTestContext.");
}
