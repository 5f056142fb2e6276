using System.Reflection;
using Maildriver.Runtime.Hosting;
using Maildriver.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Runtime.Activation;

/// <summary>
/// How to build instances of one grain class: its constructor, which parameters are persistent state and which
/// come from the silo's services, and its concurrency markers.
/// </summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly ParameterInfo[] _parameters;

    public GrainClassInfo(Type grainClass)
    {
        if (grainClass.IsAbstract || !typeof(Grain).IsAssignableFrom(grainClass))
        {
            throw new InvalidOperationException($"{grainClass.FullName} must be a concrete class deriving from Grain");
        }

        Type = grainClass;
        Reentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        KeepAlive = grainClass.GetCustomAttribute<KeepAliveAttribute>() is not null;
        _constructor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                       ?? throw new InvalidOperationException($"{grainClass.FullName} has no public constructor");
        _parameters = _constructor.GetParameters();
        foreach (var p in _parameters)
        {
            if (p.GetCustomAttribute<PersistentStateAttribute>() is not null && !IsPersistentState(p.ParameterType))
            {
                throw new InvalidOperationException($"{grainClass.FullName}: [PersistentState] parameter '{p.Name}' must be IPersistentState<T>");
            }
        }
    }

    public Type Type { get; }

    public bool Reentrant { get; }

    public bool KeepAlive { get; }

    /// <summary>Builds an instance; returns it with the states to read before OnActivateAsync.</summary>
    public (object Grain, IReadOnlyList<IPersistentStateLoader> States) Create(GrainId grainId, SiloRuntime silo)
    {
        var args = new object?[_parameters.Length];
        var states = new List<IPersistentStateLoader>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.GetCustomAttribute<PersistentStateAttribute>() is { } attr)
            {
                var stateType = p.ParameterType.GetGenericArguments()[0];
                var state = (IPersistentStateLoader)PersistentStateFactory.Create(stateType, grainId, attr.StateName, silo.GrainStorage);
                states.Add(state);
                args[i] = state;
            }
            else
            {
                args[i] = silo.Services.GetService(p.ParameterType)
                          ?? (p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException(
                              $"{Type.Name}: no service of type {p.ParameterType.Name} for constructor parameter '{p.Name}'"));
            }
        }

        return (_constructor.Invoke(args), states);
    }

    private static bool IsPersistentState(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IPersistentState<>);
}
