using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Security;

/// <summary>Where ASP.NET Core Data Protection keeps its key ring.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "GameOps:DataProtection";

    /// <summary>The key ring's folder (0700, one 0600 XML file per key); relative paths resolve against the working directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:DataProtection:KeyDirectory must name the folder of the Data Protection key ring.")]
    public string KeyDirectory { get; set; } = "data/data-protection-keys";
}
