using GameOps.AgentProtocol;
using GameOps.Grains.Jobs;
using GameOps.Silo.Tests.Gateway;

namespace GameOps.Silo.Tests.Observability;

internal static class JobRuns
{
    /// <summary>Creates a job through the API and has <paramref name="agent"/> run it to success, as a real agent would.</summary>
    public static async Task<JobView> RunJobAsync(this GameOpsApi api, TestAgent agent, string hostId)
    {
        var job = await api.CreateJobAsync(hostId);
        var assignment = (await agent.ReadAsync()).JobAssignment;
        Assert.Equal(job.Id.ToString(), assignment.JobId);
        await agent.AckAsync(assignment.JobId);
        await agent.ReportAsync(assignment.JobId, JobPhase.Running);
        await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: "2 players online");
        Assert.Equal(assignment.JobId, (await agent.ReadAsync()).Ack.JobId);
        return await api.GetJobAsync(job.Id);
    }
}
