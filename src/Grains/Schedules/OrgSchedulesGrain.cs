using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

public sealed class OrgSchedulesGrain([PersistentState("org-schedules", StorageNames.GameOps)] IPersistentState<OrgSchedulesState> state)
    : Grain, IOrgSchedulesGrain
{
    public async Task AddAsync(Guid scheduleId)
    {
        if (!state.State.ScheduleIds.Contains(scheduleId))
        {
            state.State.ScheduleIds.Add(scheduleId);
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(Guid scheduleId)
    {
        if (state.State.ScheduleIds.Remove(scheduleId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<Guid>> ListAsync() => Task.FromResult(state.State.ScheduleIds.ToImmutableArray());
}
