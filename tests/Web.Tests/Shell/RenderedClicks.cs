using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace GameOps.Web.Tests.Shell;

public static class RenderedClicks
{
    /// <summary>
    /// Clicks the element matching <paramref name="selector"/> as the component shows it when the click is dispatched, as
    /// a browser's click lands on what is on screen. An element found first and clicked after carries the handler id of
    /// the render it was found in: a render in between (a load's last one, a popover's refresh on MudBlazor's timer) gives
    /// the handler a new id and bUnit refuses the old one. Found and clicked in one turn of the renderer's dispatcher, no
    /// render falls between. The task ends when the click's handler does (a dialog's opener: when the dialog closes).
    /// </summary>
    public static Task ClickAsync<TComponent>(this IRenderedComponent<TComponent> component, string selector)
        where TComponent : IComponent
    {
        component.WaitForElement(selector);
        return component.InvokeAsync(() => component.Find(selector).ClickAsync(new MouseEventArgs()));
    }
}
