using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Identity;
using GameOps.JobsProtocol;
using GameOps.Silo.Tests.Gateway;
using Grpc.Core;
using Grpc.Net.Client;
using JobState = GameOps.JobsProtocol.JobState;

namespace GameOps.Silo.Tests.Jobs;

/// <summary>The jobs API over gRPC, called over real sockets on the API's HTTP/2 endpoint of a silo process.</summary>
[Collection(JobsGrpcSiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class JobsGrpcTests(JobsGrpcSiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private JobsProtocol.Jobs.JobsClient Client => fixture.Client;

    [Fact]
    public async Task Every_rpc_refuses_a_missing_or_wrong_key_and_a_role_without_its_permission()
    {
        var host = await fixture.Api.CreateHostAsync("gRPC matrix");
        var job = (await Client.SubmitAsync(Submit(host.Host.Id), fixture.AdminHeaders())).Job;
        var viewer = await fixture.CreateKeyAsync("default", OrgRole.Viewer);
        var otherOrg = await fixture.CreateKeyAsync("org-grpc-b", OrgRole.Owner);

        // Each RPC with what it needs: submitting needs jobs.submit, which a Viewer lacks; reading needs jobs.read,
        // which a Viewer has, so a Viewer is refused nothing there and another org's owner finds no such job.
        var rpcs = new Dictionary<string, (Func<Metadata, Task> Call, StatusCode AsViewer, StatusCode AsOtherOrg)>
        {
            ["Submit"] = (headers => Client.SubmitAsync(Submit(host.Host.Id), headers).ResponseAsync, StatusCode.PermissionDenied, StatusCode.NotFound),
            ["SubmitBatch"] = (headers => Client.SubmitBatchAsync(Batch(host.Host.Id, 2), headers).ResponseAsync, StatusCode.PermissionDenied, StatusCode.NotFound),
            ["Get"] = (headers => Client.GetAsync(new GetRequest { JobId = job.Id }, headers).ResponseAsync, StatusCode.OK, StatusCode.NotFound),
            ["Watch"] = (async headers =>
            {
                using var watch = Client.Watch(new WatchRequest { JobId = job.Id }, headers, deadline: DateTime.UtcNow.AddSeconds(1));
                await watch.ResponseStream.MoveNext();
            }, StatusCode.OK, StatusCode.NotFound),
        };

        var wrong = new List<string>();
        foreach (var (name, (call, asViewer, asOtherOrg)) in rpcs)
        {
            foreach (var (caller, headers, expected) in new[]
            {
                ("nobody", new Metadata(), StatusCode.Unauthenticated),
                ("a wrong key", JobsGrpcSiloFixture.Bearer("gok_not-a-key"), StatusCode.Unauthenticated),
                ("a wrong x-api-key", new Metadata { { "x-api-key", "gok_not-a-key" } }, StatusCode.Unauthenticated),
                ("a Viewer", JobsGrpcSiloFixture.Bearer(viewer), asViewer),
                ("another org's Owner", JobsGrpcSiloFixture.Bearer(otherOrg), asOtherOrg),
            })
            {
                var status = await StatusOfAsync(() => call(headers));
                if (status != expected)
                {
                    wrong.Add($"{name} as {caller}: {status}, expected {expected}");
                }
            }
        }

        Assert.Equal(JobsProtocol.Jobs.Descriptor.Methods.Select(m => m.Name).Order(), rpcs.Keys.Order());
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task Jobs_submitted_one_by_one_and_in_a_batch_run_on_the_agent_and_are_watched_to_their_end()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var operatorKey = await fixture.CreateKeyAsync("default", OrgRole.Operator);
        var headers = new Metadata { { "x-api-key", operatorKey } };

        var single = await Client.SubmitAsync(Submit(host.Host.Id), headers);
        var batch = await Client.SubmitBatchAsync(Batch(host.Host.Id, 3), headers);
        using var watch = Client.Watch(new WatchRequest { JobId = single.Job.Id }, headers);
        var watched = new List<JobState>();
        Assert.True(await watch.ResponseStream.MoveNext().WaitAsync(Patience));
        watched.Add(watch.ResponseStream.Current.State);

        var reported = 0;
        while (reported < 4)
        {
            if ((await agent.ReadAsync(Patience)).JobAssignment is { } assignment)
            {
                await agent.AckAsync(assignment.JobId);
                await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: $"ran {assignment.Action}");
                reported++;
            }
        }

        while (await watch.ResponseStream.MoveNext().WaitAsync(Patience))
        {
            watched.Add(watch.ResponseStream.Current.State);
        }

        Assert.True(single.Created);
        Assert.Equal(["players.list", "server.time", "players.list"], batch.Jobs.Select(j => j.Job.Action));
        Assert.All(batch.Jobs, j => Assert.True(j.Created));
        Assert.Equal(JobState.Succeeded, watched[^1]);
        Assert.True(watched.Count <= 2, string.Join(", ", watched));
        foreach (var id in batch.Jobs.Select(j => j.Job.Id))
        {
            var done = await Client.GetAsync(new GetRequest { JobId = id, WaitSeconds = 10 }, headers);
            Assert.Equal((JobState.Succeeded, $"ran {done.Action}"), (done.State, done.Output));
        }
    }

    [Fact]
    public async Task Bad_fields_are_invalid_argument_naming_them_as_rest_does_and_nothing_is_stored()
    {
        var host = await fixture.Api.CreateHostAsync("gRPC bad input");
        var batch = Batch(host.Host.Id, 3);
        batch.Jobs[1].Action = "no.such.action";
        batch.Jobs[2].TimeoutSeconds = 99999;
        var tooMany = Batch(host.Host.Id, 101);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitBatchAsync(batch, fixture.AdminHeaders()).ResponseAsync);
        var overLimit = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitBatchAsync(tooMany, fixture.AdminHeaders()).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitBatchAsync(Batch(host.Host.Id, 0), fixture.AdminHeaders()).ResponseAsync);
        var single = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { HostId = host.Host.Id, Job = new JobRequest { ServerId = "main", Action = "chat.say" }, WaitSeconds = 60 }, fixture.AdminHeaders()).ResponseAsync);
        var unknownHost = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(Submit("no-such-host"), fixture.AdminHeaders()).ResponseAsync);
        var unknownJob = await Assert.ThrowsAsync<RpcException>(() => Client.GetAsync(new GetRequest { JobId = Guid.NewGuid().ToString() }, fixture.AdminHeaders()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["jobs[1].action", "jobs[2].timeoutSeconds"], invalid.Status.Detail.Split('\n').Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (overLimit.StatusCode, empty.StatusCode));
        Assert.StartsWith("jobs:", overLimit.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, single.StatusCode);
        Assert.Contains("waitSeconds:", single.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (unknownHost.StatusCode, unknownJob.StatusCode));
        Assert.Equal(0, (await fixture.Api.GetHostAsync(host.Host.Id)).QueuedJobs);
    }

    [Fact]
    public async Task The_jobs_api_is_not_served_on_the_agents_gateway_port()
    {
        using var gateway = GrpcChannel.ForAddress(fixture.Silo.GatewayAddress);
        var client = new JobsProtocol.Jobs.JobsClient(gateway);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(new GetRequest { JobId = Guid.NewGuid().ToString() }, fixture.AdminHeaders()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }

    private static SubmitRequest Submit(string hostId) => new() { HostId = hostId, Job = new JobRequest { ServerId = "main", Action = GameActions.PlayersList } };

    private static SubmitBatchRequest Batch(string hostId, int count)
    {
        var batch = new SubmitBatchRequest { HostId = hostId };
        batch.Jobs.Add(Enumerable.Range(0, count).Select(i => new JobRequest { ServerId = "main", Action = i % 2 == 1 ? GameActions.ServerTime : GameActions.PlayersList }));
        return batch;
    }

    private static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.DeadlineExceeded)
        {
            // A watch of a job nobody runs: it was let in and kept open.
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
