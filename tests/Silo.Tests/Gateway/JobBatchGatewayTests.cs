using System.Net;
using System.Net.Http.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Jobs;

namespace GameOps.Silo.Tests.Gateway;

[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class JobBatchGatewayTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Each_job_of_a_batch_goes_to_the_agent_and_the_batch_waits_for_their_results()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var actions = new[] { GameActions.PlayersList, GameActions.ServerTime, GameActions.PlayersList }.Take(GatewaySiloFixture.MaxQueuedJobs).ToArray();

        var submitting = fixture.Api.Client.PostAsJsonAsync(
            $"/api/v1/hosts/{host.Host.Id}/jobs:batch?wait=20", new { jobs = actions.Select(action => new { serverId = "main", action }) });
        var assigned = new List<string>();
        while (assigned.Count < actions.Length)
        {
            // Between assignments come the acknowledgements of the results already reported.
            if ((await agent.ReadAsync(Patience)).JobAssignment is not { } assignment)
            {
                continue;
            }

            assigned.Add(assignment.JobId);
            await agent.AckAsync(assignment.JobId);
            await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: $"answer to {assignment.Action}");
        }

        using var response = await submitting.WaitAsync(Patience);
        var batch = (await response.Content.ReadFromJsonAsync<JobBatchView>(GameOpsApi.Json))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(actions, batch.Jobs.Select(j => j.Job.Action));
        Assert.Equal(assigned.Order(), batch.Jobs.Select(j => j.Job.Id.ToString()).Order());
        Assert.All(batch.Jobs, j => Assert.Equal((JobState.Succeeded, $"answer to {j.Job.Action}", 1), (j.Job.State, j.Job.Output, j.Job.Attempts)));
        await Eventually.ReadAsync(() => fixture.Api.GetHostAsync(host.Host.Id), view => view.QueuedJobs == 0, Patience);
    }
}
