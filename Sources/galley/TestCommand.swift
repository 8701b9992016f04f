import ArgumentParser
import Foundation
import GalleyCore

/// `galley test PIPELINE ...`: run each pipeline's `tests:` section.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the 'tests:' section of pipelines: each test's input through every stage but the outputs, compared with 'expect'.")

    @Argument(help: "Pipeline YAML files.")
    var pipelines: [String]

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        var passed = 0, failed = 0
        for path in pipelines {
            let registry = Support.registry(pipeline: path, plugins: plugins)
            let pipeline = try Support.loadPipeline(path, registry: registry)
            let runner: Runner
            do { runner = try Runner(pipeline: pipeline, registry: registry) } catch {
                Terminal.print(error)
                throw ExitCode(1)
            }
            if pipeline.tests.isEmpty { print("\(path): no tests") }
            for test in pipeline.tests {
                let problems = PipelineTestRunner.run(test, runner: runner)
                if problems.isEmpty {
                    passed += 1
                    print("PASS \(pipeline.name): \(test.name)")
                } else {
                    failed += 1
                    print("FAIL \(pipeline.name): \(test.name)")
                    for p in problems { print("  \(p)") }
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
