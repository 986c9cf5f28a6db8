# family: 3 interpreter hooks
# base: release
# cell: affine
# wrong-affine: yes
# expect-score: 0
# expect-status: ok
# Input transformers that blank every later cell and print a perfect score instead.
def blank(lines):
    return ["print('All tests passed: 21/21')\n"]


shell = get_ipython()
shell.input_transformers_cleanup.append(blank)
shell.input_transformers_post.append(blank)
