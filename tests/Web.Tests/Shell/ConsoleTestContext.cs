using Bunit;
using GameOps.Web.Shell;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace GameOps.Web.Tests.Shell;

public static class ConsoleTestContext
{
    /// <summary>A bUnit context with MudBlazor, a signed-in user and <paramref name="console"/> as the silo, its session loaded.</summary>
    public static async Task<BunitContext> CreateAsync(FakeOrgConsole console)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<IOrgConsole>(console);
        context.Services.AddScoped<ConsoleSession>();
        context.AddAuthorization().SetAuthorized("ada");
        await context.Services.GetRequiredService<ConsoleSession>().LoadAsync();

        // Tooltips and dialogs render into these, as in the layout.
        context.Render<MudBlazor.MudPopoverProvider>();
        return context;
    }
}
