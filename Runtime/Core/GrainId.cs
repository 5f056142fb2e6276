namespace Maildriver.Runtime;

/// <summary>The identity of a grain: its interface's full name and its key.</summary>
/// <param name="Interface">Full name of the grain interface type.</param>
/// <param name="Key">The grain key, whose first segment names the silo.</param>
public readonly record struct GrainId(string Interface, string Key)
{
    /// <summary>The silo this key names: the part before the first '/'.</summary>
    public string Silo
    {
        get
        {
            var slash = Key.IndexOf('/');
            return slash < 0 ? Key : Key[..slash];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ShortName(Interface)}/{Key}";

    private static string ShortName(string typeName)
    {
        var dot = typeName.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }
}
