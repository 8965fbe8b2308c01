using System.Net;
using GameOps.AgentProtocol;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.GameServers;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using Grpc.Core;

namespace GameOps.Silo.Tests.Gateway;

[Collection(GatewaySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GatewayTests(GatewaySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private Uri Gateway => fixture.Silo.GatewayAddress;

    [Fact]
    public async Task Wrong_credential_is_refused_as_unauthenticated()
    {
        var host = await fixture.Api.CreateHostAsync();
        await using var agent = TestAgent.Open(Gateway, host.Host.Id, "goh_wrong");

        Assert.Equal(StatusCode.Unauthenticated, await agent.ReadUntilEndAsync(Patience));
        Assert.Equal(HostStatus.Pending, (await fixture.Api.GetHostAsync(host.Host.Id)).Status);
    }

    [Theory]
    [InlineData(null, "goh_x")]
    [InlineData("0123456789abcdef0123456789abcdef", null)]
    [InlineData("0123456789abcdef0123456789abcdef", "goh_unknown-host")]
    [InlineData("Not A Host Id", "goh_x")]
    public async Task Missing_or_unknown_credentials_are_refused(string? hostId, string? credential)
    {
        await using var agent = TestAgent.Open(Gateway, hostId, credential);

        Assert.Equal(StatusCode.Unauthenticated, await agent.ReadUntilEndAsync(Patience));
    }

    [Fact]
    public async Task Hello_for_another_host_is_refused()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = TestAgent.Open(Gateway, host.Host.Id, host.Credential);

        await agent.HelloAsync("someotherhost", "main");

        Assert.Equal(StatusCode.InvalidArgument, await agent.ReadUntilEndAsync(Patience));
    }

    [Fact]
    public async Task Hello_makes_the_host_online_with_its_servers()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();

        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential, "main", "creative");

        var online = await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        Assert.Equal(["main", "creative"], online.Servers.Select(s => s.Id));
        Assert.Equal("test-1.0", online.AgentVersion);
        Assert.Equal([GameActions.ChatSay, GameActions.PlayersList], online.Servers[0].Capabilities.ToArray());
    }

    [Fact]
    public async Task Job_goes_to_the_agent_and_its_result_comes_back()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        var assignment = (await agent.ReadAsync()).JobAssignment;
        await agent.AckAsync(assignment.JobId);
        await agent.ReportAsync(assignment.JobId, JobPhase.Running);
        await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: "2 players online", dataJson: """{"players":[{"name":"Alice"},{"name":"Bob"}]}""");
        var ack = (await agent.ReadAsync()).Ack;

        Assert.Equal(job.Id.ToString(), assignment.JobId);
        Assert.Equal("main", assignment.ServerId);
        Assert.Equal(GameActions.PlayersList, assignment.Action);
        Assert.Equal(job.Deadline, assignment.Deadline.ToDateTimeOffset());
        Assert.Equal(assignment.JobId, ack.JobId);
        var done = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal("2 players online", done.Output);
        var json = await fixture.Api.Client.GetStringAsync($"/api/v1/jobs/{job.Id}");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("Bob", document.RootElement.GetProperty("data").GetProperty("players")[1].GetProperty("name").GetString());
        Assert.Equal(1, done.Attempts);
        Assert.Equal(0, (await fixture.Api.GetHostAsync(host.Host.Id)).QueuedJobs);
    }

    [Fact]
    public async Task Caller_can_wait_for_the_result_in_one_request()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        var waiting = fixture.Api.Client.PostAsJsonAsync($"/api/v1/hosts/{host.Host.Id}/jobs?wait=20", new { serverId = "main", action = "players.list" });
        var assignment = (await agent.ReadAsync()).JobAssignment;
        await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: "nobody here");
        var response = await waiting;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobView>(GameOpsApi.Json))!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("nobody here", job.Output);
    }

    /// <summary>A new host with its agent connected, and a job the agent has been sent.</summary>
    private async Task<(TestAgent Agent, JobView Job, JobAssignment Assignment)> SendJobToNewAgentAsync()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        return (agent, job, (await agent.ReadAsync()).JobAssignment);
    }

    [Fact]
    public async Task Failed_job_keeps_the_agents_reason()
    {
        var (agent, job, assignment) = await SendJobToNewAgentAsync();
        await using var connected = agent;
        await agent.ReportAsync(assignment.JobId, JobPhase.Failed, error: "action 'players.list' is not allowed on server 'main'");
        await agent.ReadAsync();

        var failed = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal("action 'players.list' is not allowed on server 'main'", failed.Error);
    }

    [Fact]
    public async Task Agents_tries_of_the_game_are_kept_with_the_result()
    {
        var (agent, job, assignment) = await SendJobToNewAgentAsync();
        await using var connected = agent;
        await agent.SendAsync(new AgentMessage { JobUpdate = new JobUpdate { JobId = assignment.JobId, Phase = JobPhase.Succeeded, Output = "2 players", Attempts = 3 } });
        await agent.ReadAsync();

        var succeeded = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal(JobState.Succeeded, succeeded.State);
        Assert.Equal(3, succeeded.GameAttempts);
    }

    [Fact]
    public async Task Cancel_of_a_sent_job_reaches_the_agent_whose_answer_ends_it()
    {
        var (agent, job, assignment) = await SendJobToNewAgentAsync();
        await using var connected = agent;
        await agent.AckAsync(assignment.JobId);

        using var requested = await fixture.Api.CancelJobAsync(job.Id);
        var cancel = (await agent.ReadAsync()).CancelJob;
        await agent.ReportAsync(assignment.JobId, JobPhase.Cancelled);
        await agent.ReadAsync();

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal(job.Id.ToString(), cancel.JobId);
        var cancelled = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.CancelRequestedAt);

        // The request is the caller's change; the agent's answer is the job's end, under who submitted it.
        var audit = (await fixture.Api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target=job/{job.Id}"))
            .GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["job.finish", "job.cancel", "job.submit"], audit.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["Cancelled", "Dispatched"], audit.Take(2).Select(e => e.GetProperty("changes").GetProperty("state").GetString()));
        Assert.All(audit, e => Assert.Equal(job.RequestedBy.Id, e.GetProperty("actor").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Cancel_of_a_running_job_is_a_conflict_and_the_job_ends_with_the_games_answer()
    {
        var (agent, job, assignment) = await SendJobToNewAgentAsync();
        await using var connected = agent;
        await agent.ReportAsync(assignment.JobId, JobPhase.Running);
        await fixture.Api.WaitForJobAsync(job.Id, j => j.State == JobState.Running, Patience);

        using var refused = await fixture.Api.CancelJobAsync(job.Id);
        await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: "3 players");
        await agent.ReadAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("cannot be taken back", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, (await fixture.Api.GetJobAsync(job.Id)).State);
    }

    [Fact]
    public async Task Timed_out_report_ends_the_job_timed_out_in_the_agents_words()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        const string agentsWords = "the job did not finish before its deadline; game server 'main' may or may not have run it";

        var assignment = (await agent.ReadAsync()).JobAssignment;
        await agent.ReportAsync(assignment.JobId, JobPhase.TimedOut, error: agentsWords);
        await agent.ReadAsync();

        var timedOut = await fixture.Api.GetJobAsync(job.Id);
        Assert.Equal(JobState.TimedOut, timedOut.State);
        Assert.Equal(agentsWords, timedOut.Error);
    }

    [Fact]
    public async Task Job_for_an_offline_host_waits_and_goes_out_on_connect()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        var job = await fixture.Api.CreateJobAsync(host.Host.Id);
        Assert.Equal(1, (await fixture.Api.GetHostAsync(host.Host.Id)).QueuedJobs);

        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);

        Assert.Equal(job.Id.ToString(), (await agent.ReadAsync()).JobAssignment.JobId);
        Assert.Equal(JobState.Dispatched, (await fixture.Api.GetJobAsync(job.Id)).State);
    }

    [Fact]
    public async Task Job_in_flight_when_the_stream_drops_is_sent_again_on_reconnect()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        string firstDelivery;
        await using (var first = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential))
        {
            await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
            await fixture.Api.CreateJobAsync(host.Host.Id);
            firstDelivery = (await first.ReadAsync()).JobAssignment.JobId;
            await first.AckAsync(firstDelivery);
        }

        await using var second = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        var redelivery = (await second.ReadAsync()).JobAssignment;
        await second.ReportAsync(redelivery.JobId, JobPhase.Succeeded, output: "done once");
        await second.ReadAsync();

        Assert.Equal(firstDelivery, redelivery.JobId);
        var job = await fixture.Api.GetJobAsync(Guid.Parse(redelivery.JobId));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task Unacknowledged_job_is_sent_again()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        await fixture.Api.CreateJobAsync(host.Host.Id);

        var first = (await agent.ReadAsync()).JobAssignment;
        await agent.HeartbeatAsync();
        var again = (await agent.ReadAsync()).JobAssignment;

        Assert.Equal(first.JobId, again.JobId);
    }

    [Fact]
    public async Task Host_goes_offline_when_its_stream_ends()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using (var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential))
        {
            await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
            await agent.CompleteAsync();
            await agent.ReadUntilEndAsync(Patience);
        }

        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Offline, Patience);
    }

    [Fact]
    public async Task Silent_stream_is_closed_and_the_host_goes_offline()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        // The stream stays open but no heartbeat follows, as with a frozen agent.
        var ended = await agent.ReadUntilEndAsync(GatewaySiloFixture.HeartbeatTimeout * 4);

        Assert.Equal(StatusCode.DeadlineExceeded, ended);
        var offline = await fixture.Api.GetHostAsync(host.Host.Id);
        Assert.Equal(HostStatus.Offline, offline.Status);
    }

    [Fact]
    public async Task Agent_cannot_settle_another_hosts_job()
    {
        var victim = await fixture.Api.CreateHostAsync();
        var intruder = await fixture.Api.CreateEnrolledHostAsync();
        var job = await fixture.Api.CreateJobAsync(victim.Host.Id);
        await using var agent = await TestAgent.ConnectAsync(Gateway, intruder.Host.Id, intruder.Credential);

        await agent.ReportAsync(job.Id.ToString(), JobPhase.Succeeded, output: "forged");
        Assert.Equal(job.Id.ToString(), (await agent.ReadAsync()).Ack.JobId);

        Assert.Equal(JobState.Queued, (await fixture.Api.GetJobAsync(job.Id)).State);
    }

    [Fact]
    public async Task Malformed_job_id_ends_the_stream_with_a_clear_error()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential);

        await agent.ReportAsync("not-a-guid", JobPhase.Succeeded);

        Assert.Equal(StatusCode.InvalidArgument, await agent.ReadUntilEndAsync(Patience));
    }

    [Fact]
    public async Task Full_queue_refuses_more_jobs_with_429()
    {
        var host = await fixture.Api.CreateHostAsync();
        for (var i = 0; i < GatewaySiloFixture.MaxQueuedJobs; i++)
        {
            await fixture.Api.CreateJobAsync(host.Host.Id);
        }

        var refused = await fixture.Api.PostJobAsync(host.Host.Id);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(GatewaySiloFixture.MaxQueuedJobs, (await fixture.Api.GetHostAsync(host.Host.Id)).QueuedJobs);
    }

    [Fact]
    public async Task Server_health_reaches_the_api_and_undeclared_servers_are_ignored()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(Gateway, host.Host.Id, host.Credential, "main");
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);

        await agent.SendAsync(new AgentMessage { ServerHealth = new GameOps.AgentProtocol.ServerHealth { ServerId = "ghost", State = ServerState.Down, Detail = "no such server" } });
        await agent.SendAsync(new AgentMessage { ServerHealth = new GameOps.AgentProtocol.ServerHealth { ServerId = "main", State = ServerState.Hung, Detail = "the console did not answer within 5 s" } });

        var servers = await Eventually.ReadAsync(
            () => fixture.Api.Client.GetFromJsonAsync<GameServerView[]>($"/api/v1/hosts/{host.Host.Id}/servers", GameOpsApi.Json)!,
            s => s!.Length == 1 && s[0].Health == GameOps.Grains.GameServers.ServerHealth.Hung,
            Patience);
        Assert.Equal("the console did not answer within 5 s", servers![0].HealthDetail);
        Assert.Equal(HostStatus.Online, (await fixture.Api.GetHostAsync(host.Host.Id)).Status);
    }
}
