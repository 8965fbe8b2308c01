using GameOps.Grains;
using GameOps.Grains.Audit;
using GameOps.Grains.GameServers;
using GameOps.Silo.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace GameOps.Silo.Tests.Storage;

/// <summary>
/// What every audit log must do, whatever the store: entries stored by the grain storage in the state write of the
/// change they record, listed newest first and filtered, swept by age. Each implementation subclasses this with its fixture.
/// </summary>
public abstract class AuditLogContractTests
{
    private const string OrgId = "org-audit";

    private static readonly Actor Admin = new(ActorKind.Api, "admin-key", "127.0.0.1");

    private readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IAuditLog Log { get; }

    /// <summary>The grain storage the audited grains write through, keeping <see cref="Log"/>.</summary>
    protected abstract IGrainStorage Storage { get; }

    /// <summary>Makes the store refuse every audit entry from now on.</summary>
    protected abstract Task RefuseAuditInsertsAsync();

    [Fact]
    public async Task Entries_attached_to_a_state_are_stored_with_it_and_the_next_write_adds_none()
    {
        var state = new TestGrainState<GameServerState> { State = new GameServerState { OrgId = OrgId } };
        var first = Entry(_now, "host/h1/server/main/policy");
        var second = Entry(_now.AddSeconds(1), "host/h1/server/main/policy");
        Attach(state.State, first, second);

        await Storage.WriteStateAsync("server", ServerGrainId("h1/main"), state);
        ((IAuditedState)state.State).UnwrittenAudit.Clear();
        await Storage.WriteStateAsync("server", ServerGrainId("h1/main"), state);

        var listed = (await Log.ListAsync(new AuditQuery(OrgId, 10))).Entries;
        Assert.Equal([second.Id, first.Id], listed.Select(e => e.Id));
        Assert.Equal(second, listed[0]);
    }

    [Fact]
    public async Task An_entry_that_cannot_be_stored_refuses_the_change_with_it()
    {
        var grainId = ServerGrainId("h1/refused");
        var state = new TestGrainState<GameServerState> { State = new GameServerState { OrgId = OrgId, Name = "before" } };
        await Storage.WriteStateAsync("server", grainId, state);
        await RefuseAuditInsertsAsync();

        state.State.Name = "after";
        Attach(state.State, Entry(_now, "host/h1/server/refused/policy"));
        await Assert.ThrowsAnyAsync<Exception>(() => Storage.WriteStateAsync("server", grainId, state));

        var stored = new TestGrainState<GameServerState>();
        await Storage.ReadStateAsync("server", grainId, stored);
        Assert.Equal("before", stored.State.Name);
        Assert.Empty((await Log.ListAsync(new AuditQuery(OrgId, 10))).Entries);
    }

    [Fact]
    public async Task Paging_while_entries_arrive_returns_every_earlier_entry_once_newest_first()
    {
        var earlier = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            earlier.Add(await StoreAsync(Entry(_now.AddSeconds(i), $"job/{i}")));
        }

        var seen = new List<Guid>();
        AuditCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Log.ListAsync(new AuditQuery(OrgId, 10, After: cursor));
            seen.AddRange(page.Entries.Select(e => e.Id));
            cursor = page.Next;
            pages++;

            // Changes made between pages come before the cursor: they never shift an entry into a later page.
            await StoreAsync(Entry(_now.AddMinutes(pages), "job/new"));
            await StoreAsync(Entry(_now.AddMinutes(pages), "job/new"));
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(earlier), seen);
    }

    [Fact]
    public async Task Entries_made_in_the_same_tick_page_by_their_id()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await StoreAsync(Entry(_now, $"job/{i}")));
        }

        var first = await Log.ListAsync(new AuditQuery(OrgId, 3));
        var second = await Log.ListAsync(new AuditQuery(OrgId, 3, After: first.Next));

        Assert.Equal(ids.OrderByDescending(id => id.ToString("D"), StringComparer.Ordinal), first.Entries.Concat(second.Entries).Select(e => e.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Filters_narrow_by_target_and_what_lies_below_it_actor_and_time()
    {
        var host = await StoreAsync(Entry(_now, "host/h1"));
        var policy = await StoreAsync(Entry(_now.AddSeconds(1), "host/h1/server/main/policy"));
        var otherHost = await StoreAsync(Entry(_now.AddSeconds(2), "host/h10"));
        var byDiscord = await StoreAsync(Entry(_now.AddSeconds(3), "job/j1") with { Actor = new Actor(ActorKind.Discord, "moderator") });
        await StoreAsync(Entry(_now, "host/h1") with { OrgId = "org-other" });

        Assert.Equal([policy, host], await IdsAsync(new AuditQuery(OrgId, 10, Target: "host/h1")));
        Assert.Equal([policy], await IdsAsync(new AuditQuery(OrgId, 10, Target: "host/h1/server/main/policy")));
        Assert.Equal([byDiscord], await IdsAsync(new AuditQuery(OrgId, 10, ActorId: "moderator")));
        Assert.Equal([otherHost, policy, host], await IdsAsync(new AuditQuery(OrgId, 10, ActorId: Admin.Id)));
        Assert.Equal([byDiscord, otherHost], await IdsAsync(new AuditQuery(OrgId, 10, From: _now.AddSeconds(2))));
        Assert.Equal([policy, host], await IdsAsync(new AuditQuery(OrgId, 10, To: _now.AddSeconds(2))));
    }

    [Fact]
    public async Task Sweep_deletes_only_entries_made_before_the_retention()
    {
        var clock = new FixedClock(_now);
        await StoreAsync(Entry(_now - TimeSpan.FromDays(31), "job/old"));
        var recent = await StoreAsync(Entry(_now - TimeSpan.FromDays(29), "job/recent"));
        var sweeper = new AuditLogSweeper(Log, clock, Options.Create(new AuditLogOptions()), NullLogger<AuditLogSweeper>.Instance);

        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal([recent], await IdsAsync(new AuditQuery(OrgId, 10)));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
    }

    /// <summary>Stores <paramref name="entry"/> as a server's state write carrying it, as a grain would.</summary>
    protected async Task<Guid> StoreAsync(AuditEntry entry)
    {
        var state = new TestGrainState<GameServerState> { State = new GameServerState { OrgId = entry.OrgId } };
        Attach(state.State, entry);
        await Storage.WriteStateAsync("server", ServerGrainId("h/" + entry.Id.ToString("N")), state);
        return entry.Id;
    }

    private async Task<List<Guid>> IdsAsync(AuditQuery query) => [.. (await Log.ListAsync(query)).Entries.Select(e => e.Id)];

    private static void Attach(IAuditedState state, params AuditEntry[] entries) => state.UnwrittenAudit.AddRange(entries);

    private static AuditEntry Entry(DateTimeOffset at, string target) =>
        new(Guid.CreateVersion7(at), OrgId, at, Admin, "api", target, AuditActions.PolicySet, "Narrowed the policy.", """{"narrowing":null}""");

    private static GrainId ServerGrainId(string key) => GrainId.Create(GrainType.Create("server"), IdSpan.Create(key));
}
