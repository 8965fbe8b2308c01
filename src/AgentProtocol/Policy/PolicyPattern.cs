using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GameOps.AgentProtocol.Policy;

/// <summary>
/// A regular expression of a safety policy, compiled once when the policy is read. Every match is bounded by
/// <see cref="MatchTimeout"/>: a pattern from a config file or from the control plane can never hang a job.
/// </summary>
public sealed class PolicyPattern : IEquatable<PolicyPattern>
{
    /// <summary>The longest a single match may take; a match that takes longer refuses the job.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 500;

    private readonly Regex _regex;

    private PolicyPattern(string source, bool ignoreCase, Regex regex)
    {
        Source = source;
        IgnoreCase = ignoreCase;
        _regex = regex;
    }

    /// <summary>The pattern as written.</summary>
    public string Source { get; }

    public bool IgnoreCase { get; }

    /// <summary>Compiles <paramref name="source"/>, or says in <paramref name="error"/> why it is not a usable pattern.</summary>
    public static bool TryCreate(string? source, bool ignoreCase, [NotNullWhen(true)] out PolicyPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrEmpty(source))
        {
            error = "must be a non-empty regular expression";
            return false;
        }

        if (source.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters";
            return false;
        }

        try
        {
            // Interpreted, not RegexOptions.Compiled: the agent is a Native AOT binary, which cannot emit code.
            var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            pattern = new PolicyPattern(source, ignoreCase, new Regex(source, options, MatchTimeout));
            error = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            error = $"is not a valid regular expression: {exception.Message}";
            return false;
        }
    }

    /// <summary>Compiles <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">It is not a usable pattern.</exception>
    public static PolicyPattern Create(string source, bool ignoreCase = false) =>
        TryCreate(source, ignoreCase, out var pattern, out var error) ? pattern : throw new ArgumentException($"'{source}' {error}", nameof(source));

    /// <summary>Whether the pattern matches somewhere in <paramref name="input"/>; null when the match timed out.</summary>
    public bool? IsMatch(string input)
    {
        try
        {
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    public bool Equals(PolicyPattern? other) =>
        other is not null && string.Equals(Source, other.Source, StringComparison.Ordinal) && IgnoreCase == other.IgnoreCase;

    public override bool Equals(object? obj) => Equals(obj as PolicyPattern);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Source), IgnoreCase);

    public override string ToString() => Source;
}
