using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Policy;
using GameOps.EdgeAgent.Power;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Registers the job journal (opened at <see cref="AgentConfig.JournalPath"/>), the runner and the processor.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => JobJournal.Open(
            provider.GetRequiredService<AgentConfig>().JournalPath,
            provider.GetRequiredService<ILogger<JobJournal>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServerPolicies>();
        services.AddSingleton<IAgentStreamReplay>(provider => provider.GetRequiredService<ServerPolicies>());
        services.AddOptions<PowerOptions>();
        services.AddSingleton<PowerController>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobProcessor>();
        return services;
    }
}
