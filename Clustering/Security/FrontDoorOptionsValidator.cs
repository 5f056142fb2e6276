using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Security;

/// <summary>Refuses to start a silo whose front door is not a grain interface or whose cluster secret is empty.</summary>
internal sealed class FrontDoorOptionsValidator : IValidateOptions<FrontDoorOptions>
{
    public ValidateOptionsResult Validate(string? name, FrontDoorOptions options)
    {
        var failures = new List<string>();
        if (options.FrontDoor is not { IsInterface: true } frontDoor || !typeof(IGrain).IsAssignableFrom(frontDoor))
        {
            failures.Add($"FrontDoorOptions.FrontDoor must be a grain interface (it is {options.FrontDoor?.FullName ?? "not set"})");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterSecret))
        {
            failures.Add("FrontDoorOptions.ClusterSecret is required: without it any client could pass for a silo");
        }

        if (options.StampWindow <= TimeSpan.Zero)
        {
            failures.Add($"FrontDoorOptions.StampWindow must be positive (it is {options.StampWindow})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
