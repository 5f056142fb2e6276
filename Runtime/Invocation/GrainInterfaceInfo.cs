using System.Collections.Concurrent;
using System.Reflection;

namespace Maildriver.Runtime.Invocation;

/// <summary>What the runtime knows about one grain interface: its methods by name and its placement.</summary>
public sealed class GrainInterfaceInfo
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> Cache = new();
    private readonly Dictionary<MethodInfo, GrainMethod> _byMethodInfo = new();
    private readonly Dictionary<string, GrainMethod> _byName = new(StringComparer.Ordinal);

    private GrainInterfaceInfo(Type type)
    {
        if (!type.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{type.FullName} is not a grain interface (an interface deriving from IGrainWithStringKey)");
        }

        Type = type;
        Name = type.FullName!;
        IsStatelessWorker = type.GetCustomAttribute<StatelessWorkerAttribute>() is not null;

        var methods = new[] { type }.Concat(type.GetInterfaces())
            .Where(i => i != typeof(IGrain) && i != typeof(IGrainWithStringKey))
            .SelectMany(i => i.GetMethods());
        foreach (var m in methods)
        {
            var gm = new GrainMethod(this, m);
            if (!_byName.TryAdd(m.Name, gm))
            {
                throw new InvalidOperationException($"{Name}.{m.Name}: grain interfaces may not overload method names");
            }

            _byMethodInfo[m] = gm;
        }
    }

    /// <summary>The interface type.</summary>
    public Type Type { get; }

    /// <summary>Its full name, as it travels on the wire.</summary>
    public string Name { get; }

    /// <summary>Activated on whichever silo receives the call (see <see cref="StatelessWorkerAttribute"/>).</summary>
    public bool IsStatelessWorker { get; }

    /// <summary>The methods, by name.</summary>
    public IReadOnlyDictionary<string, GrainMethod> Methods => _byName;

    /// <summary>The info for <paramref name="type"/>, built once.</summary>
    public static GrainInterfaceInfo Get(Type type) => Cache.GetOrAdd(type, static t => new GrainInterfaceInfo(t));

    internal GrainMethod GetMethod(MethodInfo method) => _byMethodInfo[method];

    internal bool TryGetMethod(string name, out GrainMethod method) => _byName.TryGetValue(name, out method!);
}
