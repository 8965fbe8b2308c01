using System.Collections.Concurrent;
using GameOps.Grains.Alerts;
using GameOps.Grains.Events;
using GameOps.Grains.Orgs;
using Orleans.Streams;

namespace GameOps.Grains.Tests;

/// <summary>
/// Every call that reaches an org's alert grain or org summary (any call activates the grain it reaches first, so an
/// org with no call here had neither activated), with the kinds of the org events a stream delivery carried.
/// </summary>
public sealed class OrgGrainCallLog : IIncomingGrainCallFilter
{
    private readonly ConcurrentQueue<OrgGrainCall> _calls = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GrainInstance is AlertGrain or OrgSummaryGrain)
        {
            var kinds = new List<string>();
            for (var i = 0; i < context.Request.GetArgumentCount(); i++)
            {
                if (context.Request.GetArgument(i) is IBatchContainer batch)
                {
                    kinds.AddRange(batch.GetEvents<OrgEvent>().Select(e => e.Item1.Kind));
                }
            }

            var subscriber = context.TargetContext.GrainInstance is AlertGrain ? "alerts" : "summary";
            _calls.Enqueue(new OrgGrainCall(context.TargetId.Key.ToString()!, subscriber, context.MethodName, [.. kinds]));
        }

        await context.Invoke();
    }

    /// <summary>The calls into the grains of <paramref name="orgId"/> so far, in the order they came.</summary>
    public IReadOnlyList<OrgGrainCall> For(string orgId) => [.. _calls.Where(c => c.OrgId == orgId)];
}

/// <param name="Subscriber"><c>alerts</c> or <c>summary</c>.</param>
/// <param name="EventKinds">The org events the call delivered (none for a call that is not a stream delivery).</param>
public sealed record OrgGrainCall(string OrgId, string Subscriber, string Method, IReadOnlyList<string> EventKinds);
