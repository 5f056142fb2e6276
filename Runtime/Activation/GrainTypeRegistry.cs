using Maildriver.Runtime.Invocation;

namespace Maildriver.Runtime.Activation;

/// <summary>The grain interfaces a silo serves, their implementing classes, and which are client API.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, (GrainInterfaceInfo Interface, GrainClassInfo Class)> _byInterface = new(StringComparer.Ordinal);
    private readonly HashSet<string> _clientApi = new(StringComparer.Ordinal);

    /// <summary>Serves <typeparamref name="TInterface"/> with <typeparamref name="TGrain"/>.</summary>
    public void Add<TInterface, TGrain>() where TInterface : IGrainWithStringKey where TGrain : Grain, TInterface
        => Add(typeof(TInterface), typeof(TGrain));

    /// <summary>Serves <paramref name="grainInterface"/> with <paramref name="grainClass"/>.</summary>
    public void Add(Type grainInterface, Type grainClass)
    {
        if (!grainInterface.IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"{grainClass.FullName} does not implement {grainInterface.FullName}");
        }

        var info = GrainInterfaceInfo.Get(grainInterface);
        _byInterface[info.Name] = (info, new GrainClassInfo(grainClass));
    }

    /// <summary>Lets clients call <typeparamref name="TInterface"/> through the gateway. Nothing else is reachable from a client.</summary>
    public void AddClientApi<TInterface>() where TInterface : IGrainWithStringKey
    {
        var info = GrainInterfaceInfo.Get(typeof(TInterface));
        if (!_byInterface.ContainsKey(info.Name))
        {
            throw new InvalidOperationException($"register a grain class for {info.Name} before exposing it to clients");
        }

        _clientApi.Add(info.Name);
    }

    internal bool TryGet(string interfaceName, out GrainInterfaceInfo info, out GrainClassInfo grainClass)
    {
        if (_byInterface.TryGetValue(interfaceName, out var entry))
        {
            (info, grainClass) = entry;
            return true;
        }

        info = null!;
        grainClass = null!;
        return false;
    }

    internal bool IsClientApi(string interfaceName) => _clientApi.Contains(interfaceName);
}
