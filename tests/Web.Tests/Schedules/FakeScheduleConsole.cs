using System.Security.Claims;
using GameOps.Grains.Schedules;
using GameOps.Web.Schedules;
using GameOps.Web.Shell;

namespace GameOps.Web.Tests.Schedules;

/// <summary>The silo's side of the schedules pages as a test sets it up: its check and what was saved.</summary>
public sealed class FakeScheduleConsole : IScheduleConsole
{
    public ScheduleAbilities Abilities { get; set; } = new(Read: true, Manage: true);

    public List<ScheduleTargetChoice> Targets { get; } = [new("h1", "Rack 1", "main", "Main server")];

    /// <summary>What the silo says of a spec; by default nothing is wrong and nothing is due.</summary>
    public Func<ScheduleSpec, ScheduleCheck> Check { get; set; } = _ => new ScheduleCheck(new Dictionary<string, string[]>(), []);

    /// <summary>Thrown by <see cref="SaveAsync"/> when set.</summary>
    public Exception? SaveFailure { get; set; }

    public List<ScheduleSpec> Checked { get; } = [];

    public List<ScheduleSpec> Saved { get; } = [];

    public IReadOnlyList<string> Actions { get; } = ["chat.say", "players.list", "world.save"];

    public Task<ScheduleAbilities> AbilitiesAsync(ClaimsPrincipal user, string orgId) => Task.FromResult(Abilities);

    /// <summary>The org's listed schedules, as the silo holds them now.</summary>
    public List<ScheduleView> Schedules { get; } = [];

    public int ListReads { get; private set; }

    public List<Guid> Reads { get; } = [];

    /// <summary>How many schedules a page holds; the cursor is the index of the next one.</summary>
    public int PageSize { get; set; } = 50;

    public List<string?> ListCursors { get; } = [];

    public Task<ConsolePage<ScheduleView>> ListAsync(ClaimsPrincipal user, string orgId, string? cursor, int limit)
    {
        ListReads++;
        ListCursors.Add(cursor);
        var skip = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var next = skip + PageSize < Schedules.Count ? (skip + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ConsolePage<ScheduleView>([.. Schedules.Skip(skip).Take(PageSize)], next));
    }

    public Task<ScheduleView?> GetAsync(ClaimsPrincipal user, string orgId, Guid scheduleId)
    {
        Reads.Add(scheduleId);
        return Task.FromResult(Schedules.Find(s => s.Id == scheduleId));
    }

    public Task<IReadOnlyList<ScheduleTargetChoice>> ListTargetsAsync(ClaimsPrincipal user, string orgId) => Task.FromResult<IReadOnlyList<ScheduleTargetChoice>>(Targets);

    public Task<ScheduleCheck> CheckAsync(ClaimsPrincipal user, string orgId, ScheduleSpec spec, int count)
    {
        Checked.Add(spec);
        return Task.FromResult(Check(spec));
    }

    public Task<ScheduleView> SaveAsync(ClaimsPrincipal user, string orgId, Guid? scheduleId, ScheduleSpec spec)
    {
        if (SaveFailure is { } failure)
        {
            throw failure;
        }

        Saved.Add(spec);
        var at = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        return Task.FromResult(new ScheduleView(scheduleId ?? Guid.NewGuid(), orgId, spec, at, at, null, null, null, null));
    }

    public Task DeleteAsync(ClaimsPrincipal user, string orgId, Guid scheduleId) => Task.CompletedTask;

    public Task RunNowAsync(ClaimsPrincipal user, string orgId, Guid scheduleId) => Task.CompletedTask;

    public Task<ScheduleRunsPage> ListRunsAsync(ClaimsPrincipal user, string orgId, Guid scheduleId, int limit, string? cursor) =>
        Task.FromResult(new ScheduleRunsPage([], null));
}
