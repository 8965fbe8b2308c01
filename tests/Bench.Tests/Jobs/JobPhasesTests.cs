using System.Text;
using GameOps.Bench.Jobs;

namespace GameOps.Bench.Tests.Jobs;

public sealed class JobPhasesTests
{
    private static readonly DateTime Sent = new(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);

    // A job as POST …/jobs?wait=25 answers it (camelCase, as the API writes it), its data holding a field of the same
    // name as one of the job's own.
    private static byte[] Answer(double createdMs, double dispatchedMs, double finishedMs) => Encoding.UTF8.GetBytes($$"""
        {"id":"0f8fad5b-d9cb-469f-a165-70867728950e","orgId":"org-1","hostId":"h1","serverId":"main","action":"players.list",
         "arguments":{},"state":"Succeeded","requestedBy":{"kind":"ApiKey","id":"k1","name":"admin"},"idempotencyKey":null,
         "attempts":1,"createdAt":"{{At(createdMs)}}","deadline":"{{At(60_000)}}",
         "dispatchedAt":"{{At(dispatchedMs)}}","startedAt":null,"finishedAt":"{{At(finishedMs)}}",
         "output":null,"error":null,"data":{"players":[],"createdAt":"{{At(999)}}"},"cancelRequestedAt":null,"gameAttempts":1}
        """);

    private static string At(double milliseconds) => new DateTimeOffset(Sent.AddMilliseconds(milliseconds)).ToString("O");

    private static long Ticks(double milliseconds) => Sent.AddMilliseconds(milliseconds).Ticks;

    [Fact]
    public void A_job_s_round_trip_splits_at_the_times_the_silo_stamped_on_it()
    {
        var phases = new JobPhases();
        phases.StartRecording();

        for (var i = 0; i < JobPhases.Every; i++)
        {
            phases.Offer(Ticks(0), Ticks(7.25), Answer(createdMs: 1.5, dispatchedMs: 2, finishedMs: 6));
        }

        var fields = phases.Fields().ToDictionary();
        Assert.Equal(1, fields["jobPhasesTimed"]);
        Assert.InRange(fields["jobPhaseMeanMs:request"], 1.48, 1.52);
        Assert.InRange(fields["jobPhaseMeanMs:queued"], 0.49, 0.51);
        Assert.InRange(fields["jobPhaseMeanMs:agent"], 3.96, 4.04);
        Assert.InRange(fields["jobPhaseMeanMs:answer"], 1.23, 1.27);
    }

    [Fact]
    public void Nothing_is_timed_before_recording_starts_nor_from_an_answer_without_the_times()
    {
        var phases = new JobPhases();
        for (var i = 0; i < JobPhases.Every; i++)
        {
            phases.Offer(Ticks(0), Ticks(7), Answer(1, 2, 6));
        }

        phases.StartRecording();
        for (var i = 0; i < JobPhases.Every; i++)
        {
            phases.Offer(Ticks(0), Ticks(7), """{"id":"x","state":"Succeeded","createdAt":"2026-12-05T09:30:00Z"}"""u8);
        }

        Assert.Empty(phases.Fields());
    }
}
