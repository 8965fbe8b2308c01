using System.Net.Http.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosts;
using GameOps.Silo.Jobs;
using GameOps.Grains.Orgs;
using GameOps.Silo.Tests.Gateway;

namespace GameOps.Silo.Tests.Restart;

[Trait("Category", "Slow")]
public sealed class RestartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hosts_and_jobs_survive_a_killed_silo()
    {
        using var folder = new TempDirectory();
        NewHost created;
        JobView job;
        string adminKey;

        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout))
        {
            adminKey = (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim();
            using var api = await GameOpsApi.ForAsync(first, folder.Path);
            created = await api.CreateHostAsync("Survivor");
            job = await api.CreateJobAsync(created.Host.Id, GameActions.WorldSave, timeoutSeconds: 3600);

            await first.KillAsync();
        }

        Assert.True(File.Exists(folder.Combine("data", "gameops.db")), "The database belongs under ./data of the working directory.");

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout);
        Assert.Equal(adminKey, (await File.ReadAllTextAsync(folder.Combine("data", "admin-api-key"))).Trim());
        using var again = await GameOpsApi.ForAsync(second, folder.Path);
        var hosts = (await again.Client.GetFromJsonAsync<HostPage>("/api/v1/hosts", GameOpsApi.Json))?.Hosts;
        var hostAfter = await again.Client.GetFromJsonAsync<HostView>($"/api/v1/hosts/{created.Host.Id}", GameOpsApi.Json);
        var jobAfter = await again.GetJobAsync(job.Id);
        var hostJobs = (await again.Client.GetFromJsonAsync<JobPage>($"/api/v1/hosts/{created.Host.Id}/jobs", GameOpsApi.Json))?.Jobs;

        var host = Assert.Single(hosts!);
        Assert.Equal((created.Host.Id, created.Host.Name), (host.Id, host.Name));
        Assert.Equal((created.Host.CreatedAt, 1), (hostAfter!.CreatedAt, hostAfter.QueuedJobs));
        Assert.Equivalent(job, jobAfter, strict: true);
        Assert.Equal([job.Id], hostJobs!.Select(j => j.Id));
    }

    [Fact]
    public async Task Console_lines_acknowledged_before_a_killed_silo_are_served_after_it_and_a_resend_is_not_stored_twice()
    {
        using var folder = new TempDirectory();
        EnrolledHost created;
        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout))
        {
            using var api = await GameOpsApi.ForAsync(first, folder.Path);
            created = await api.CreateEnrolledHostAsync("Survivor");
            await using var agent = await TestAgent.ConnectAsync(first.GatewayAddress, created.Host.Id, created.Credential);
            await agent.SendAsync(ConsoleGatewayTests.Batch("main", ConsoleGatewayTests.Line(1, "one"), ConsoleGatewayTests.Line(2, "two")));
            Assert.Equal(2ul, (await ConsoleGatewayTests.ReadLogAckAsync(agent)).Sequence);

            await first.KillAsync();
        }

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout);
        using var again = await GameOpsApi.ForAsync(second, folder.Path);
        await using var reconnected = await TestAgent.ConnectAsync(second.GatewayAddress, created.Host.Id, created.Credential);
        await reconnected.SendAsync(ConsoleGatewayTests.Batch("main", ConsoleGatewayTests.Line(2, "two, sent again"), ConsoleGatewayTests.Line(3, "three")));
        var ack = await ConsoleGatewayTests.ReadLogAckAsync(reconnected);
        await using var sse = await SseClient.OpenAsync(again.Client, $"/api/v1/hosts/{created.Host.Id}/servers/main/console", StartTimeout);
        await sse.ReadUntilAsync(message => message.Id == "3", StartTimeout);

        Assert.Equal(3ul, ack.Sequence);
        Assert.Equal(["1 line one", "2 line two", "3 line three"], sse.Seen.Where(message => message.Id is not null).Select(ConsoleGatewayTests.Describe));
        Assert.DoesNotContain(sse.Seen, message => message.Event == "missed");
    }

    [Fact]
    public async Task Host_online_before_a_killed_silo_is_degraded_until_its_agent_reconnects()
    {
        using var folder = new TempDirectory();
        EnrolledHost created;
        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout))
        {
            using var api = await GameOpsApi.ForAsync(first, folder.Path);
            created = await api.CreateEnrolledHostAsync("Survivor");
            await using var agent = await TestAgent.ConnectAsync(first.GatewayAddress, created.Host.Id, created.Credential);
            await api.WaitForHostAsync(created.Host.Id, HostStatus.Online, StartTimeout);

            await first.KillAsync();
        }

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout);
        using var again = await GameOpsApi.ForAsync(second, folder.Path);
        var degraded = await again.GetHostAsync(created.Host.Id);
        await using var reconnected = await TestAgent.ConnectAsync(second.GatewayAddress, created.Host.Id, created.Credential);
        var online = await again.WaitForHostAsync(created.Host.Id, HostStatus.Online, StartTimeout);

        Assert.Equal(HostStatus.Degraded, degraded.Status);
        Assert.Equal("Agent not connected since the control plane restarted.", degraded.StatusReason);
        Assert.Null(degraded.LastHeartbeatAt);
        Assert.Null(online.StatusReason);
        Assert.NotNull(online.LastHeartbeatAt);
    }

    [Fact]
    public async Task Job_finished_just_before_a_killed_silo_is_not_sent_again()
    {
        using var folder = new TempDirectory();
        EnrolledHost created;
        JobView finished;

        // A maintenance period of a minute keeps the host from writing the job's removal from its outbox before the kill.
        string[] lazyOutbox = ["--GameOps:Agents:MaintenancePeriod=00:01:00"];
        await using (var first = await SiloProcess.StartAsync(folder.Path, StartTimeout, lazyOutbox))
        {
            using var api = await GameOpsApi.ForAsync(first, folder.Path);
            created = await api.CreateEnrolledHostAsync("Survivor");
            await using var agent = await TestAgent.ConnectAsync(first.GatewayAddress, created.Host.Id, created.Credential);
            await api.WaitForHostAsync(created.Host.Id, HostStatus.Online, StartTimeout);
            var job = await api.CreateJobAsync(created.Host.Id, GameActions.WorldSave, timeoutSeconds: 3600);
            Assert.Equal(job.Id.ToString(), (await agent.ReadAsync()).JobAssignment.JobId);
            await agent.ReportAsync(job.Id.ToString(), JobPhase.Succeeded, output: "World saved");
            Assert.Equal(job.Id.ToString(), (await agent.ReadAsync()).Ack.JobId);
            finished = await api.GetJobAsync(job.Id);

            await first.KillAsync();
        }

        await using var second = await SiloProcess.StartAsync(folder.Path, StartTimeout, lazyOutbox);
        using var again = await GameOpsApi.ForAsync(second, folder.Path);
        await using var reconnected = await TestAgent.ConnectAsync(second.GatewayAddress, created.Host.Id, created.Credential);
        await again.WaitForHostAsync(created.Host.Id, HostStatus.Online, StartTimeout);
        var next = await again.CreateJobAsync(created.Host.Id, GameActions.PlayersList);

        // The stream is ordered: a resend of the finished job would arrive before the new one.
        Assert.Equal(next.Id.ToString(), (await reconnected.ReadAsync()).JobAssignment.JobId);
        Assert.Equal(JobState.Succeeded, finished.State);
        Assert.Equivalent(finished, await again.GetJobAsync(finished.Id), strict: true);
        Assert.Equal(1, (await again.GetHostAsync(created.Host.Id)).QueuedJobs);
    }
}
