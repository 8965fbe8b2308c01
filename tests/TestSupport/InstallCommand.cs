namespace GameOps.TestSupport;

/// <summary>
/// The install command the API shows (<c>sudo deploy/install-agent.sh --control-plane-url ... --token ...</c>) read back
/// into what it carries, so a test can run it, or the <c>gameops-agent enrol</c> it runs, as a user would.
/// </summary>
public sealed record InstallCommand(IReadOnlyList<string> Words, string ControlPlaneUrl, string? CertificateFingerprint, string Token)
{
    public const string Script = "deploy/install-agent.sh";

    /// <summary>The script's arguments, as typed after its name.</summary>
    public IReadOnlyList<string> ScriptArguments => [.. Words.SkipWhile(w => w != Script).Skip(1)];

    /// <summary>The arguments of the <c>gameops-agent enrol</c> the script runs, without its <c>--config</c>.</summary>
    public IReadOnlyList<string> EnrolArguments =>
        ["enrol", "--url", ControlPlaneUrl, .. CertificateFingerprint is null ? Array.Empty<string>() : ["--fingerprint", CertificateFingerprint], "--token", Token];

    public static InstallCommand Parse(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is not ["sudo", Script, ..] || words.Length % 2 != 0)
        {
            throw new ArgumentException($"Not an install command: {command}", nameof(command));
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < words.Length; i += 2)
        {
            options.Add(words[i], words[i + 1]);
        }

        return new InstallCommand(
            words,
            options.TryGetValue("--control-plane-url", out var url) ? url : throw new ArgumentException($"No --control-plane-url in: {command}", nameof(command)),
            options.GetValueOrDefault("--certificate-fingerprint"),
            options.TryGetValue("--token", out var token) ? token : throw new ArgumentException($"No --token in: {command}", nameof(command)));
    }
}
