using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Configuration;

/// <summary>
/// What a validator of options bound from <c>cluster.json</c> found wrong, each failure beginning with its field's path
/// in the file (<c>protocol.receiveWaitMs: …</c>), so that the silo's one-line message points at what to change.
/// </summary>
public sealed class FieldFailures
{
    /// <summary>What a whole-number field that must be above zero says when it is not.</summary>
    public const string NotPositive = "must be a positive whole number";

    private readonly List<string> _failures = [];

    /// <summary>Records <paramref name="failure"/>, which names its field.</summary>
    public void Add(string failure) => _failures.Add(failure);

    /// <summary>Records that <paramref name="field"/> must be positive, unless <paramref name="holds"/>.</summary>
    public void Positive(bool holds, string field)
    {
        if (!holds)
        {
            _failures.Add($"{field}: {NotPositive}");
        }
    }

    /// <summary>Success when nothing was recorded, else every failure, in the order found.</summary>
    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
