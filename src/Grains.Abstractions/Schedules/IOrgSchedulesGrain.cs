using System.Collections.Immutable;

namespace GameOps.Grains.Schedules;

/// <summary>The ids of an org's schedules, keyed by org id, so listing them wakes no schedule that is not asked for.</summary>
[Alias("GameOps.IOrgSchedulesGrain")]
public interface IOrgSchedulesGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(Guid scheduleId);

    [Alias("Remove")]
    Task RemoveAsync(Guid scheduleId);

    [Alias("List")]
    Task<ImmutableArray<Guid>> ListAsync();
}
