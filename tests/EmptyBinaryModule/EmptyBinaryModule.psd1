@{
    RootModule        = 'EmptyBinaryModule.dll'
    ModuleVersion     = '0.0.1'
    GUID              = '2b7c1f0e-4d3a-4e8b-9a61-0c5d8e2f7a13'
    Author            = 'PartooKeys contributors'
    Description       = 'Benchmark fixture: an empty binary module with one trivial cmdlet.'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('Get-EmptyThing')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
