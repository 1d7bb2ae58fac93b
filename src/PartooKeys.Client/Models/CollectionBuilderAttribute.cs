using System;
#if !NET8_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>The compiler's marker for collection expressions (built into .NET 8; declared here for netstandard2.0).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = false)]
internal sealed class CollectionBuilderAttribute : Attribute
{
    public CollectionBuilderAttribute(Type builderType, string methodName) { BuilderType = builderType; MethodName = methodName; }
    public Type BuilderType { get; }
    public string MethodName { get; }
}
#endif
