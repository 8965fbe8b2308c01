using System.ComponentModel.DataAnnotations;
using System.Net;

namespace GameOps.Silo.Hosting;

/// <summary>Settings only cluster mode reads, bound from <see cref="Section"/>; the PostgreSQL store has its own section.</summary>
public sealed class ClusterModeOptions : IValidatableObject
{
    public const string Section = "GameOps:Cluster";

    /// <summary>The StackExchange.Redis configuration of the membership store, such as <c>redis.internal:6379,password=…</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = $"{Section}:{nameof(RedisConnectionString)} must be set in cluster mode.")]
    public string RedisConnectionString { get; set; } = string.Empty;

    /// <summary>The IP address other silos reach this one on; empty for the address this host's name resolves to.</summary>
    public string? AdvertisedAddress { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"{Section}:{nameof(AdvertisedAddress)} must be an IP address.", [nameof(AdvertisedAddress)]);
        }
    }
}
