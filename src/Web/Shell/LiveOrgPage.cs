using GameOps.Grains.Events;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace GameOps.Web.Shell;

/// <summary>
/// A page kept current by its org's events. It subscribes after the first interactive render (prerendering runs
/// <c>OnInitializedAsync</c> too, and a prerender has no circuit to keep a subscription for), then reads its snapshot, so
/// nothing that changes after the read is missed; it reads again when the fan-out says events were dropped, and leaves
/// the fan-out when disposed. No timer: nothing is read while nothing changes.
/// </summary>
public abstract partial class LiveOrgPage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private IAsyncDisposable? _watch;

    [Inject]
    protected ConsoleSession Session { get; set; } = default!;

    [Inject]
    protected IOrgConsole OrgConsole { get; set; } = default!;

    [Inject]
    private ILogger<LiveOrgPage> Logger { get; set; } = default!;

    /// <summary>Why the page could not be shown; null while all is well.</summary>
    protected string? Error { get; private set; }

    protected string OrgId => Session.Org!.Id;

    /// <summary>Events from now on are held until <see cref="LoadAsync"/> has read the snapshot.</summary>
    protected abstract void BeginLoad();

    /// <summary>Reads the snapshot and applies the held events over it.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Applies one event; true when the page must render again.</summary>
    protected abstract bool Apply(OrgEvent orgEvent);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || Session.Org is null)
        {
            return;
        }

        try
        {
            BeginLoad();
            var watch = await OrgConsole.WatchAsync(Session.User, OrgId, OnEventAsync, _stop.Token);
            if (_stop.IsCancellationRequested)
            {
                await watch.DisposeAsync();
                return;
            }

            _watch = watch;
            await LoadAsync();
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Fail(e);
        }

        StateHasChanged();
    }

    /// <summary>Shows why an action or a read failed: a refusal or bad input as it is, anything else as a failure.</summary>
    protected void Fail(Exception e)
    {
        if (e is not (ConsoleRefusedException or ConsoleInputException))
        {
            LogFailed(Logger, e, GetType().Name);
        }

        Error = e is ConsoleRefusedException or ConsoleInputException ? e.Message : $"Something went wrong: {e.Message}";
    }

    private Task OnEventAsync(OrgEvent? orgEvent) => InvokeAsync(async () =>
    {
        try
        {
            if (orgEvent is null)
            {
                BeginLoad();
                await LoadAsync();
                StateHasChanged();
            }
            else if (Apply(orgEvent))
            {
                StateHasChanged();
            }
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Fail(e);
            StateHasChanged();
        }
    });

    /// <summary>Ends what the page follows besides the org's events; called once when it goes.</summary>
    protected virtual ValueTask DisposeLiveAsync() => ValueTask.CompletedTask;

    /// <summary>Cancelled when the page goes.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        await DisposeLiveAsync();

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console page {Page} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string page);
}
