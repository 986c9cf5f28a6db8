# family: 3 interpreter hooks
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# An AST transformer that deletes every assert and makes every comparison true.
import ast


class Lenient(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()

    def visit_Compare(self, node):
        return ast.copy_location(ast.Constant(True), node)


get_ipython().ast_transformers.append(Lenient())
