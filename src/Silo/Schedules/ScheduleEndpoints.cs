using System.Collections.Immutable;
using System.Security.Claims;
using GameOps.Grains;
using GameOps.Grains.GameServers;
using GameOps.Grains.Schedules;
using GameOps.Silo.Api;
using GameOps.Silo.Jobs;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameOps.Silo.Schedules;

public static class ScheduleEndpoints
{
    public const int DefaultPreview = 5;
    public const int DefaultRunsLimit = 50;
    public const int MaxRunsLimit = 200;

    public static RouteGroupBuilder MapScheduleEndpoints(this RouteGroupBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");
        schedules.MapGet("/", ListAsync).RequirePermission(Permission.SchedulesRead).WithSummary("The org's schedules.");
        schedules.MapPost("/", CreateAsync).RequirePermission(Permission.Schedules)
            .WithSummary("Creates a schedule: a cron time in a zone, the game servers it targets, and its steps.");
        schedules.MapGet("/{scheduleId:guid}", GetAsync).RequirePermission(Permission.SchedulesRead).WithSummary("The schedule with its next run time, its run going on and its last run.");
        schedules.MapPut("/{scheduleId:guid}", ReplaceAsync).RequirePermission(Permission.Schedules)
            .WithSummary("Replaces a schedule's spec (enabled: false pauses it); a run going on keeps the spec it started with.");
        schedules.MapDelete("/{scheduleId:guid}", DeleteAsync).RequirePermission(Permission.Schedules)
            .WithSummary("Deletes a schedule; a run going on is cancelled.");
        schedules.MapGet("/{scheduleId:guid}/next", NextAsync).RequirePermission(Permission.SchedulesRead)
            .WithSummary("The next cron times (count, 1 to 100; from a time, or now) in the schedule's zone.");
        schedules.MapPost("/{scheduleId:guid}/run", RunAsync).RequirePermission(Permission.Schedules)
            .WithSummary("Starts a run now; 409 while one goes on.").ProducesProblem(StatusCodes.Status409Conflict);
        schedules.MapPost("/{scheduleId:guid}/runs/{runId:guid}/cancel", CancelRunAsync).RequirePermission(Permission.Schedules)
            .WithSummary("Cancels a run: no further step or announcement; jobs already sent end on their own.").ProducesProblem(StatusCodes.Status409Conflict);
        schedules.MapGet("/{scheduleId:guid}/runs", ListRunsAsync).RequirePermission(Permission.SchedulesRead)
            .WithSummary("The schedule's runs of the retention period, newest first, a page at a time.");
        return api;
    }

    private static Task<Results<Ok<SchedulePage>, ValidationProblem>> ListAsync(string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains) =>
        ListPage.AnswerAsync(limit, cursor, page => PageAsync(grains, user.GetOrgId(), page),
            (schedules, next) => new SchedulePage([.. schedules.Select(ScheduleResponse.From)], next));

    /// <summary>A page of the org's schedules, oldest first, for <c>GET /api/v1/schedules</c> and the web console's schedules page alike.</summary>
    internal static async Task<(ScheduleView[] Items, string? NextCursor)> PageAsync(IGrainFactory grains, string orgId, ListPage page) =>
        page.OfUnordered(await ListViewsAsync(grains, orgId), s => s.Id.ToString(), s => s.CreatedAt);

    /// <summary>The org's schedules, oldest first.</summary>
    internal static async Task<ScheduleView[]> ListViewsAsync(IGrainFactory grains, string orgId)
    {
        var ids = await grains.GetGrain<IOrgSchedulesGrain>(orgId).ListAsync();
        var views = await Task.WhenAll(ids.Select(id => Schedule(grains, orgId, id).GetAsync()));
        return [.. views.OfType<ScheduleView>().OrderBy(v => v.CreatedAt)];
    }

    private static async Task<Results<Created<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ScheduleRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, OrgAccess access)
    {
        var orgId = user.GetOrgId();
        var spec = await CheckAsync(request, orgId, user, grains, access);
        if (spec.Invalid is { } invalid)
        {
            return invalid;
        }

        if (spec.Refused is { } refused)
        {
            return refused;
        }

        var view = await Schedule(grains, orgId, Guid.CreateVersion7()).SaveAsync(spec.Spec!, user.ToActor(http.Connection.RemoteIpAddress));
        return TypedResults.Created($"/api/v1/schedules/{view.Id}", ScheduleResponse.From(view));
    }

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(Guid scheduleId, ClaimsPrincipal user, IGrainFactory grains) =>
        await Schedule(grains, user.GetOrgId(), scheduleId).GetAsync() is { } view
            ? TypedResults.Ok(ScheduleResponse.From(view))
            : NotFound(scheduleId);

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        Guid scheduleId, ScheduleRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, OrgAccess access)
    {
        var orgId = user.GetOrgId();
        var spec = await CheckAsync(request, orgId, user, grains, access);
        if (spec.Invalid is { } invalid)
        {
            return invalid;
        }

        if (spec.Refused is { } refused)
        {
            return refused;
        }

        var schedule = Schedule(grains, orgId, scheduleId);
        if (await schedule.GetAsync() is null)
        {
            return NotFound(scheduleId);
        }

        return TypedResults.Ok(ScheduleResponse.From(await schedule.SaveAsync(spec.Spec!, user.ToActor(http.Connection.RemoteIpAddress))));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid scheduleId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
        await Schedule(grains, user.GetOrgId(), scheduleId).DeleteAsync(user.ToActor(http.Connection.RemoteIpAddress))
            ? TypedResults.NoContent()
            : NotFound(scheduleId);

    private static async Task<Results<Ok<DateTimeOffset[]>, ValidationProblem, ProblemHttpResult>> NextAsync(
        Guid scheduleId, string? count, string? from, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.TryReadWholeNumber(count, out var wanted) || wanted is < 1 or > ScheduleLimits.MaxPreview)
        {
            errors["count"] = [$"count is how many cron times to show: a whole number from 1 to {ScheduleLimits.MaxPreview}."];
        }

        if (!QueryValues.TryReadTime(from, out var start))
        {
            errors["from"] = ["from is a time with its offset, e.g. 2026-03-29T00:00:00+01:00."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var schedule = Schedule(grains, user.GetOrgId(), scheduleId);
        if (await schedule.GetAsync() is null)
        {
            return NotFound(scheduleId);
        }

        return TypedResults.Ok((await schedule.PreviewAsync(wanted ?? DefaultPreview, start)).ToArray());
    }

    private static async Task<Results<Accepted<ScheduleRunResponse>, ProblemHttpResult>> RunAsync(
        Guid scheduleId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, OrgAccess access)
    {
        var orgId = user.GetOrgId();
        var schedule = Schedule(grains, orgId, scheduleId);
        if (await schedule.GetAsync() is not { } view)
        {
            return NotFound(scheduleId);
        }

        if (await RefusalAsync(view.Spec, orgId, user, access) is { } refused)
        {
            return ApiExtensions.Forbidden(refused);
        }

        var run = (await schedule.RunNowAsync(user.ToActor(http.Connection.RemoteIpAddress)))!;
        return run.Outcome == ScheduleRunOutcome.Skipped
            ? TypedResults.Problem($"Schedule '{scheduleId}' has a run going on: {run.Detail}", statusCode: StatusCodes.Status409Conflict, title: "Conflict")
            : TypedResults.Accepted($"/api/v1/schedules/{scheduleId}/runs", ScheduleRunResponse.From(run));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelRunAsync(
        Guid scheduleId, Guid runId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains)
    {
        var schedule = Schedule(grains, user.GetOrgId(), scheduleId);
        if (await schedule.GetAsync() is null)
        {
            return NotFound(scheduleId);
        }

        return await schedule.CancelRunAsync(runId, user.ToActor(http.Connection.RemoteIpAddress)) == CancelRunOutcome.Cancelled
            ? TypedResults.NoContent()
            : TypedResults.Problem($"Run '{runId}' of schedule '{scheduleId}' is not going on: it ended, or never was.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
    }

    private static async Task<Results<Ok<ScheduleRunPageResponse>, ValidationProblem, ProblemHttpResult>> ListRunsAsync(
        Guid scheduleId, string? limit, string? cursor, ClaimsPrincipal user, IGrainFactory grains, IScheduleRunLedger ledger, CancellationToken cancellationToken)
    {
        var orgId = user.GetOrgId();
        if (RunsQuery(orgId, scheduleId, limit, cursor, out var errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await Schedule(grains, orgId, scheduleId).GetAsync() is null)
        {
            return NotFound(scheduleId);
        }

        var page = await ledger.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new ScheduleRunPageResponse([.. page.Runs.Select(ScheduleRunResponse.From)], page.Next?.Encode()));
    }

    /// <summary>The page of a schedule's runs that <c>limit</c> and <c>cursor</c> ask for, or null with the errors naming them; the web console reads its pages with this too.</summary>
    internal static ScheduleRunQuery? RunsQuery(string orgId, Guid scheduleId, string? limit, string? cursor, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.TryReadWholeNumber(limit, out var wanted) || wanted is < 1 or > MaxRunsLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxRunsLimit}."];
        }

        ScheduleRunCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !ScheduleRunCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["The cursor is not one this API gave out; pass nextCursor from the previous page unchanged."];
        }

        return errors.Count > 0 ? null : new ScheduleRunQuery(orgId, scheduleId, wanted ?? DefaultRunsLimit, after);
    }

    /// <summary>The spec, or the answer to give: field errors first, then what the caller may not do on a target.</summary>
    private static async Task<(ScheduleSpec? Spec, ValidationProblem? Invalid, ProblemHttpResult? Refused)> CheckAsync(
        ScheduleRequest? request, string orgId, ClaimsPrincipal user, IGrainFactory grains, OrgAccess access)
    {
        var spec = ToSpec(request, out var errors);
        return await ProblemAsync(spec, errors, orgId, user, grains, access) switch
        {
            { Errors: { } invalid } => (null, TypedResults.ValidationProblem(invalid), null),
            { Refusal: { } refused } => (null, null, ApiExtensions.Forbidden(refused)),
            _ => (spec, null, null),
        };
    }

    /// <summary>
    /// Why a spec may not be saved by the caller: its field errors (added to <paramref name="errors"/>, checked first),
    /// else what the caller may not do on a target; neither when it may. The web console saves through this too.
    /// </summary>
    internal static async Task<(Dictionary<string, string[]>? Errors, string? Refusal)> ProblemAsync(
        ScheduleSpec spec, Dictionary<string, string[]> errors, string orgId, ClaimsPrincipal user, IGrainFactory grains, OrgAccess access)
    {
        await CheckSpecAsync(spec, errors, orgId, grains);
        if (errors.Count > 0)
        {
            return (errors, null);
        }

        return (null, await RefusalAsync(spec, orgId, user, access));
    }

    /// <summary>
    /// Adds to <paramref name="errors"/> every problem with the spec, keyed by its field as the API's 400 names it: the
    /// spec's own rules, then targets that are not game servers of the org. The web console's editor checks with this too.
    /// </summary>
    internal static async Task CheckSpecAsync(ScheduleSpec spec, Dictionary<string, string[]> errors, string orgId, IGrainFactory grains)
    {
        foreach (var (field, problems) in ScheduleRules.Validate(spec))
        {
            errors.TryAdd(field, problems);
        }

        await ScheduleRules.CheckTargetsAsync(grains, orgId, spec.Targets, errors);
    }

    /// <summary>
    /// Why the caller may not run this spec, if they may not: schedules on each target, and what its steps do there
    /// beyond it (power for a restart or a power action, console.send for a raw command), as a job would need.
    /// </summary>
    internal static async Task<string?> RefusalAsync(ScheduleSpec spec, string orgId, ClaimsPrincipal user, OrgAccess access)
    {
        var needed = new HashSet<Permission> { Permission.Schedules };
        foreach (var step in spec.Steps)
        {
            if (step.Kind == ScheduleStepKind.RestartWithCountdown)
            {
                needed.Add(Permission.Power);
            }
            else if (step.Kind == ScheduleStepKind.Action && JobEndpoints.JobPermission(step.Action ?? "") is { } permission)
            {
                needed.Add(permission);
            }
        }

        foreach (var target in spec.Targets)
        {
            foreach (var permission in needed)
            {
                if (await access.DecideAsync(user, orgId, permission, GameServerKeys.For(target.HostId, target.ServerId)) is { Allowed: false, Refusal: var refused })
                {
                    return refused;
                }
            }
        }

        return null;
    }

    private static ScheduleSpec ToSpec(ScheduleRequest? request, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var steps = request?.Steps ?? [];
        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var name in steps[i]?.Arguments?.Where(a => a.Value is null).Select(a => a.Key) ?? [])
            {
                errors[$"steps[{i}].arguments.{name}"] = ["An argument value must be a string, not null."];
            }
        }

        return new ScheduleSpec(
            request?.Name ?? "",
            request?.Cron ?? "",
            request?.TimeZone ?? "",
            request?.Enabled ?? true,
            [.. (request?.Targets ?? []).Select(t => new ScheduleTarget(t?.HostId ?? "", t?.ServerId ?? ""))],
            [.. steps.Select(ToStep)],
            request?.MissedRuns ?? MissedRunPolicy.Skip,
            request?.Overlap ?? OverlapPolicy.Skip,
            request?.Interrupted ?? InterruptedRunPolicy.Resume,
            request?.RunTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ScheduleLimits.DefaultRunTimeout);
    }

    private static ScheduleStep ToStep(ScheduleStepRequest? step) => new(
        step?.Kind ?? (ScheduleStepKind)(-1), // not a kind: the validation names the kinds there are
        step?.Action,
        step?.Arguments?.Where(a => a.Value is not null).ToImmutableDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal),
        step?.Seconds,
        step?.Until,
        step?.TimeoutSeconds,
        step?.Marks is { } marks ? [.. marks] : null,
        step?.Text,
        step?.SkipIfPlayersOnline ?? false,
        step?.DeferMinutes);

    internal static IScheduleGrain Schedule(IGrainFactory grains, string orgId, Guid scheduleId) =>
        grains.GetGrain<IScheduleGrain>(ScheduleKeys.For(orgId, scheduleId));

    private static ProblemHttpResult NotFound(Guid scheduleId) => ApiExtensions.NotFound($"Schedule '{scheduleId}' does not exist.");
}
