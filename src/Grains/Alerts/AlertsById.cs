using System.Collections.Immutable;

namespace GameOps.Grains.Alerts;

/// <summary>
/// The org's alerts kept in id order (ordinal) as they change, so a page starts where its cursor falls and reads no
/// further than it holds, with no sort per read.
/// </summary>
internal sealed class AlertsById
{
    private readonly List<AlertView> _alerts;

    public AlertsById(IEnumerable<AlertView> alerts)
    {
        _alerts = [.. alerts];
        _alerts.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
    }

    /// <summary>Adds the alert, or replaces the one with its id.</summary>
    public void Set(AlertView alert)
    {
        var index = IndexOf(alert.Id);
        if (index >= 0)
        {
            _alerts[index] = alert;
        }
        else
        {
            _alerts.Insert(~index, alert);
        }
    }

    public void Remove(string id)
    {
        if (IndexOf(id) is var index and >= 0)
        {
            _alerts.RemoveAt(index);
        }
    }

    public AlertPageResult Page(AlertPageQuery query)
    {
        var start = query.AfterId is { } after ? StartAfter(after) : 0;
        var page = ImmutableArray.CreateBuilder<AlertView>(Math.Clamp(query.Limit, 0, _alerts.Count - start));
        for (var i = start; i < _alerts.Count; i++)
        {
            var alert = _alerts[i];
            if (query.Statuses is { } statuses && !statuses.Contains(alert.Status))
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                return new AlertPageResult(page.DrainToImmutable(), HasMore: true);
            }

            page.Add(alert);
        }

        return new AlertPageResult(page.DrainToImmutable(), HasMore: false);
    }

    private int StartAfter(string id)
    {
        var index = IndexOf(id);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>The index of the alert with the id, or the bitwise complement of where it would go.</summary>
    private int IndexOf(string id)
    {
        var (low, high) = (0, _alerts.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_alerts[middle].Id, id);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return ~low;
    }
}
