using System.Text.Json;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Jobs;

/// <summary>
/// Where a REST job's round trip goes, from the times the silo stamps on the job it answers (one clock: the silo and
/// the benchmark share the machine) and the caller's own send and receive: <c>request</c> from the caller's send to
/// the job's <c>createdAt</c>, <c>queued</c> to its <c>dispatchedAt</c>, <c>agent</c> to its <c>finishedAt</c> (the push to
/// the agent, its answer, the grain's turn), <c>answer</c> from there to the caller reading the answer (the result's
/// commit, the waiting request's completion, the response). One job in <see cref="Every"/> is read, to keep the
/// parsing out of the generator's CPU.
/// </summary>
public sealed class JobPhases
{
    /// <summary>How often a job's answer is read: one in this many.</summary>
    public const int Every = 8;

    private static readonly string[] Names = ["request", "queued", "agent", "answer"];

    private readonly LatencyHistogram[] _phases = [new(), new(), new(), new()];
    private readonly Lock _gate = new();
    private bool _recording;
    private long _seen;

    public void StartRecording() => Volatile.Write(ref _recording, true);

    /// <summary>Reads one job's answer if it is the one in <see cref="Every"/> to read.</summary>
    /// <param name="sent">When the caller sent the request, as <see cref="DateTime.UtcNow"/> ticks.</param>
    /// <param name="received">When the caller had read the answer, likewise.</param>
    public void Offer(long sent, long received, ReadOnlySpan<byte> answer)
    {
        if (!Volatile.Read(ref _recording) || Interlocked.Increment(ref _seen) % Every != 0)
        {
            return;
        }

        if (Stamps(answer) is not { } stamps)
        {
            return;
        }

        ReadOnlySpan<long> edges = [sent, stamps.Created, stamps.Dispatched, stamps.Finished, received];
        lock (_gate)
        {
            for (var i = 0; i < _phases.Length; i++)
            {
                // Ticks are 100 ns; a phase that the clock's resolution makes negative counts as none.
                _phases[i].Record(Math.Max(0, (edges[i + 1] - edges[i]) / 10));
            }
        }
    }

    /// <summary>Each phase's mean and median in milliseconds, as report fields; the means add up to the mean round trip.</summary>
    public List<KeyValuePair<string, double>> Fields()
    {
        var fields = new List<KeyValuePair<string, double>>();
        lock (_gate)
        {
            if (_phases[0].Count == 0)
            {
                return fields;
            }

            fields.Add(new("jobPhasesTimed", _phases[0].Count));
            for (var i = 0; i < _phases.Length; i++)
            {
                fields.Add(new($"jobPhaseMeanMs:{Names[i]}", Math.Round(_phases[i].MeanMilliseconds(), 3)));
                fields.Add(new($"jobPhaseP50Ms:{Names[i]}", Math.Round(_phases[i].PercentileMilliseconds(0.5), 3)));
            }
        }

        return fields;
    }

    private static (long Created, long Dispatched, long Finished)? Stamps(ReadOnlySpan<byte> answer)
    {
        Span<long> stamps = stackalloc long[3];
        var reader = new Utf8JsonReader(answer);
        while (reader.Read())
        {
            // Only the job's own top-level fields: its data may hold anything.
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            var index = reader.ValueTextEquals("createdAt"u8) ? 0
                : reader.ValueTextEquals("dispatchedAt"u8) ? 1
                : reader.ValueTextEquals("finishedAt"u8) ? 2
                : -1;
            if (!reader.Read())
            {
                break;
            }

            if (index >= 0 && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at))
            {
                stamps[index] = at.UtcTicks;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return stamps[0] > 0 && stamps[1] > 0 && stamps[2] > 0 ? (stamps[0], stamps[1], stamps[2]) : null;
    }
}
